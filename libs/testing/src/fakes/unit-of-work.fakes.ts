import type { SqlExecutor, UnitOfWork } from '@nce/persistence';

export type TransactionMode = 'transaction' | 'pipelined' | 'writeBatch';

/**
 * The `tx` an in-memory repository receives: writes apply at once (a transaction reads its own
 * writes) and are undone if the work throws or the commit fails. It takes no SQL.
 */
export class FakeTransaction implements SqlExecutor {
  private readonly undos: Array<() => void> = [];

  constructor(readonly mode: TransactionMode) {}

  async query<T>(sql: string): Promise<T> {
    throw new Error(`In-memory fakes take no SQL (a port is missing): ${sql.slice(0, 60)}`);
  }

  write(apply: () => void, undo: () => void): void {
    apply();
    this.undos.push(undo);
  }

  rollback(): void {
    for (const undo of this.undos.splice(0).reverse()) undo();
  }
}

/** A write in `tx` (undone with it); outside a fake transaction it simply applies. */
export function writeIn(tx: SqlExecutor | undefined, apply: () => void, undo: () => void): void {
  if (tx instanceof FakeTransaction) tx.write(apply, undo);
  else apply();
}

/** Reads are refused in a write batch, as the real one refuses them. */
export function assertReadable(tx: SqlExecutor | undefined): void {
  if (tx instanceof FakeTransaction && tx.mode === 'writeBatch') throw new Error('A write batch cannot read; use transaction()');
}

/**
 * The unit of work in its three modes (transaction, pipelined, writeBatch), in memory: one commit or
 * none. `failNextCommit` makes the next commit fail after the work ran (the writes are undone).
 */
export class InMemoryUnitOfWork {
  readonly commits: TransactionMode[] = [];
  rollbacks = 0;
  readonly executor: SqlExecutor = new FakeTransaction('transaction');
  private readonly commitFailures: unknown[] = [];

  failNextCommit(error: unknown = new Error('commit failed (in-memory unit of work)')): void {
    this.commitFailures.push(error);
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.run('transaction', work);
  }

  pipelined<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.run('pipelined', work);
  }

  writeBatch<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.run('writeBatch', work);
  }

  /** The fake where a use case asks for the real class (whose private members a fake cannot have). */
  asUnitOfWork(): UnitOfWork {
    return this as unknown as UnitOfWork;
  }

  private async run<T>(mode: TransactionMode, work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const tx = new FakeTransaction(mode);
    try {
      const result = await work(tx);
      const failure = this.commitFailures.shift();
      if (failure !== undefined) throw failure;
      this.commits.push(mode);
      return result;
    } catch (error) {
      tx.rollback();
      this.rollbacks += 1;
      throw error;
    }
  }
}
