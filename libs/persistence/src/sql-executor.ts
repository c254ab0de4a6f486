import type { DataSource, EntityManager } from 'typeorm';

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

  constructor(private readonly dataSource: DataSource) {
    this.executor = new ManagerExecutor(dataSource);
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>, isolation?: 'READ COMMITTED'): Promise<T> {
    return isolation
      ? this.dataSource.transaction(isolation, (manager) => work(new ManagerExecutor(manager)))
      : this.dataSource.transaction((manager) => work(new ManagerExecutor(manager)));
  }

  /**
   * A write-only transaction sent in ONE round trip (`START TRANSACTION; …; COMMIT`): the intake hot
   * path. `work` may only write (its executor records statements and refuses reads); parameters are
   * still bound by the driver, never concatenated.
   */
  async writeBatch<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const recorder = new RecordingExecutor();
    const result = await work(recorder);
    if (recorder.statements.length === 0) return result;
    const runner = this.dataSource.createQueryRunner('master');
    try {
      await runner.query(
        ['START TRANSACTION', ...recorder.statements.map((statement) => statement.sql), 'COMMIT'].join(';\n'),
        recorder.statements.flatMap((statement) => statement.parameters),
      );
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
    return result;
  }
}

class RecordingExecutor implements SqlExecutor {
  readonly statements: Array<{ sql: string; parameters: readonly unknown[] }> = [];

  async query<T = unknown>(sql: string, parameters: readonly unknown[] = []): Promise<T> {
    if (/^\s*select/i.test(sql)) throw new Error('A write batch cannot read; use transaction()');
    this.statements.push({ sql, parameters });
    return { affectedRows: 1, insertId: 0 } as T;
  }
}

export function isDuplicateKeyError(error: unknown): boolean {
  const candidate = error as { code?: string; driverError?: { code?: string } };
  return candidate?.code === 'ER_DUP_ENTRY' || candidate?.driverError?.code === 'ER_DUP_ENTRY';
}

export function isLockWaitTimeout(error: unknown): boolean {
  const candidate = error as { code?: string; driverError?: { code?: string } };
  return candidate?.code === 'ER_LOCK_WAIT_TIMEOUT' || candidate?.driverError?.code === 'ER_LOCK_WAIT_TIMEOUT';
}

/** MySQL DATETIME(3) in UTC from a Date. */
export function toSqlTime(date: Date): string {
  return date.toISOString().slice(0, 23).replace('T', ' ');
}

/** A DATETIME(3) value read back (mysql2 returns Date with timezone 'Z'). */
export function fromSqlTime(value: Date | string): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}
