import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** What repositories need: parameterised SQL on a connection or inside a transaction. */
export interface SqlExecutor {
  query<T = unknown>(sql: string, parameters?: readonly unknown[]): Promise<T>;
}

export interface ResultHeader {
  affectedRows: number;
  insertId: number;
}

export class ManagerExecutor implements SqlExecutor {
  constructor(private readonly manager: EntityManager | DataSource) {}

  query<T = unknown>(sql: string, parameters: readonly unknown[] = []): Promise<T> {
    return this.manager.query(sql, parameters as unknown[]) as Promise<T>;
  }
}

/**
 * Runs work in ONE transaction: a state change, its events and its outbox commands commit together
 * or not at all (DESIGN.md section 4).
 */
export class UnitOfWork {
  readonly executor: SqlExecutor;

  constructor(
    private readonly dataSource: DataSource,
    private readonly groupCommit: { maxGroupsInFlight: number; maxGroupSize: number } = { maxGroupsInFlight: 4, maxGroupSize: 64 },
  ) {
    this.executor = new ManagerExecutor(dataSource);
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>, isolation?: 'READ COMMITTED'): Promise<T> {
    return isolation
      ? this.dataSource.transaction(isolation, (manager) => work(new ManagerExecutor(manager)))
      : this.dataSource.transaction((manager) => work(new ManagerExecutor(manager)));
  }

  /**
   * A transaction whose writes travel with the next read or with the COMMIT: `START TRANSACTION`
   * goes out with the first read, every write is held back and sent in the same round trip as the
   * next read or as `COMMIT`. A step that locks its order, reads it and writes the result (order,
   * events, outbox) costs two round trips instead of nine.
   *
   * Writes answer `{ affectedRows: 1 }` before they run, so `work` may only use it for writes whose
   * effect cannot differ: rows it has locked with `FOR UPDATE` earlier in the same transaction, or
   * inserts whose failure (a duplicate key) aborts the whole transaction. A failed write fails the
   * round trip it travels in; the transaction is then rolled back and the error thrown.
   */
  async pipelined<T>(work: (tx: SqlExecutor) => Promise<T>, isolation?: 'READ COMMITTED'): Promise<T> {
    const runner = this.dataSource.createQueryRunner('master');
    const tx = new PipelinedExecutor(runner, isolation);
    try {
      const result = await work(tx);
      await tx.commit();
      return result;
    } catch (error) {
      if (tx.begun) await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * A write-only transaction sent in ONE round trip (`START TRANSACTION; …; COMMIT`): the intake hot
   * path. `work` may only write (its executor records statements and refuses reads); parameters are
   * still bound by the driver, never concatenated.
   *
   * Group commit: while `maxGroupsInFlight` write batches are on their way, the next ones wait and
   * then travel together as one transaction (at most `maxGroupSize`), so under load many orders share
   * one round trip and one redo-log flush; alone, a batch leaves at once. A group that fails is sent
   * again member by member, so one bad batch never fails another.
   */
  async writeBatch<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const recorder = new RecordingExecutor();
    const result = await work(recorder);
    if (recorder.statements.length === 0) return result;
    await new Promise<void>((resolve, reject) => {
      this.waiting.push({ statements: recorder.statements, resolve, reject });
      this.sendGroups();
    });
    return result;
  }

  private readonly waiting: GroupMember[] = [];
  private groupsInFlight = 0;

  private sendGroups(): void {
    while (this.groupsInFlight < this.groupCommit.maxGroupsInFlight && this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.groupCommit.maxGroupSize);
      this.groupsInFlight += 1;
      void this.sendGroup(group).finally(() => {
        this.groupsInFlight -= 1;
        this.sendGroups();
      });
    }
  }

  private async sendGroup(group: GroupMember[]): Promise<void> {
    try {
      await this.sendWrites(group.flatMap((member) => member.statements));
      for (const member of group) member.resolve();
    } catch (error) {
      if (group.length === 1) return group[0].reject(error);
      await Promise.all(group.map((member) => this.sendWrites(member.statements).then(member.resolve, member.reject)));
    }
  }

  private async sendWrites(statements: Statement[]): Promise<void> {
    const runner = this.dataSource.createQueryRunner('master');
    try {
      await runner.query(
        ['START TRANSACTION', ...statements.map((statement) => statement.sql), 'COMMIT'].join(';\n'),
        statements.flatMap((statement) => statement.parameters),
      );
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}

interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

/** One write batch waiting for its group commit. */
interface GroupMember {
  statements: Statement[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

const READ = /^\s*(select|show|with)\b/i;

class PipelinedExecutor implements SqlExecutor {
  private pending: Statement[];
  private readonly preamble: number;
  /** A round trip has opened the transaction (so a failure must roll it back). */
  begun = false;

  constructor(
    private readonly runner: QueryRunner,
    isolation?: 'READ COMMITTED',
  ) {
    this.pending = [
      ...(isolation ? [{ sql: `SET TRANSACTION ISOLATION LEVEL ${isolation}`, parameters: [] }] : []),
      { sql: 'START TRANSACTION', parameters: [] },
    ];
    this.preamble = this.pending.length;
  }

  async query<T = unknown>(sql: string, parameters: readonly unknown[] = []): Promise<T> {
    if (!READ.test(sql)) {
      this.pending.push({ sql, parameters });
      return { affectedRows: 1, insertId: 0 } as T;
    }
    const ahead = this.pending.length;
    const raw = await this.send([...this.pending, { sql, parameters }]);
    if (ahead === 0) return raw as T;
    // One result per statement sent ahead of the read; what follows is the read's own result(s).
    const own = (raw as unknown[]).slice(ahead);
    return (own.length === 1 ? own[0] : own) as T;
  }

  async commit(): Promise<void> {
    // Nothing read and nothing written: no transaction was opened.
    if (!this.begun && this.pending.length === this.preamble) return;
    await this.send([...this.pending, { sql: 'COMMIT', parameters: [] }]);
    this.begun = false;
  }

  private async send(statements: Statement[]): Promise<unknown> {
    this.pending = [];
    this.begun = true;
    return this.runner.query(
      statements.map((statement) => statement.sql).join(';\n'),
      statements.flatMap((statement) => statement.parameters),
    );
  }
}

class RecordingExecutor implements SqlExecutor {
  readonly statements: Statement[] = [];

  async query<T = unknown>(sql: string, parameters: readonly unknown[] = []): Promise<T> {
    if (READ.test(sql)) throw new Error('A write batch cannot read; use transaction()');
    this.statements.push({ sql, parameters });
    return { affectedRows: 1, insertId: 0 } as T;
  }
}

export function isDuplicateKeyError(error: unknown): boolean {
  const candidate = error as { code?: string; driverError?: { code?: string } };
  return candidate?.code === 'ER_DUP_ENTRY' || candidate?.driverError?.code === 'ER_DUP_ENTRY';
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
]);

/**
 * MySQL could not be reached (down, restarting, connection lost, out of connections): nothing about
 * the work itself is wrong, so it is retried without counting it as a failed attempt.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const candidate = error as { code?: string; driverError?: { code?: string } };
  return UNAVAILABLE_CODES.has(candidate?.code ?? '') || UNAVAILABLE_CODES.has(candidate?.driverError?.code ?? '');
}

/** A `FOR UPDATE NOWAIT` (or lock wait) refused because another transaction holds the row. */
export function isLockRefusal(error: unknown): boolean {
  const candidate = error as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = candidate?.code ?? candidate?.driverError?.code;
  const errno = candidate?.errno ?? candidate?.driverError?.errno;
  // MariaDB answers NOWAIT with 1205 (lock wait timeout), MySQL 8 with 3572 (ER_LOCK_NOWAIT).
  return code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'ER_LOCK_NOWAIT' || errno === 1205 || errno === 3572;
}

/** MySQL DATETIME(3) in UTC from a Date. */
export function toSqlTime(date: Date): string {
  return date.toISOString().slice(0, 23).replace('T', ' ');
}

/** A DATETIME(3) value read back (mysql2 returns Date with timezone 'Z'). */
export function fromSqlTime(value: Date | string): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}
