import type { CustomerGdapRepository, CustomerGdapState } from '@nce/gdap';
import type { SqlExecutor } from '@nce/persistence';
import { FakeTransaction } from './unit-of-work.fakes';

/** Customers' GDAP state in memory; `withLock` runs the work in one fake transaction (undone if it throws). */
export class InMemoryCustomerGdapRepository implements CustomerGdapRepository {
  readonly states = new Map<string, CustomerGdapState>();

  async find(customerId: string): Promise<CustomerGdapState | null> {
    return this.states.get(customerId) ?? null;
  }

  async withLock<T>(customerId: string, work: (tx: SqlExecutor, current: CustomerGdapState | null) => Promise<T>): Promise<T> {
    const tx = new FakeTransaction('transaction');
    try {
      return await work(tx, this.states.get(customerId) ?? null);
    } catch (error) {
      tx.rollback();
      throw error;
    }
  }

  async save(tx: SqlExecutor, state: CustomerGdapState): Promise<void> {
    const previous = this.states.get(state.customerId);
    const apply = (): void => void this.states.set(state.customerId, { ...state });
    const undo = (): void => void (previous ? this.states.set(state.customerId, previous) : this.states.delete(state.customerId));
    if (tx instanceof FakeTransaction) tx.write(apply, undo);
    else apply();
  }
}
