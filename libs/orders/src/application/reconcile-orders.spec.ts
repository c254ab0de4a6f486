import type { SqlExecutor, UnitOfWork } from '@nce/persistence';
import type { Order } from '../domain/order.model';
import type { CommitOrderChange } from './commit-order-change.use-case';
import type { OrderRepository } from './orders.ports';
import { type JobPresence, ReconcileOrders, type StaleOrder } from './reconcile-orders.use-case';

describe('ReconcileOrders', () => {
  const now = new Date('2026-11-25T12:00:00.000Z');
  const old = new Date('2026-11-25T11:00:00.000Z');

  function setup(count: number, presenceOf: (index: number) => JobPresence) {
    const stale: StaleOrder[] = Array.from({ length: count }, (_, index) => ({
      id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      step: 'mca',
      run: 1,
      updatedAt: new Date(old.getTime() + Math.floor(index / 3)), // ties on updated_at across page ends
    }));
    const redriven: string[] = [];
    const reconcile = new ReconcileOrders({
      unitOfWork: { transaction: <T>(work: (tx: SqlExecutor) => Promise<T>) => work({} as SqlExecutor) } as unknown as UnitOfWork,
      orders: { findById: async (id: string) => ({ id, step: 'mca', run: 1, updatedAt: old }) as Order } as unknown as OrderRepository,
      commit: { execute: async (_tx: SqlExecutor, change: { order: Order }) => (redriven.push(change.order.id), []) } as unknown as CommitOrderChange,
      jobs: { presence: async (_queue, jobId) => presenceOf(stale.findIndex((order) => jobId.includes(order.id))) },
      finder: {
        findStale: async (_before, limit, after) =>
          stale
            .filter((order) => !after || order.updatedAt > after.updatedAt || (order.updatedAt.getTime() === after.updatedAt.getTime() && order.id > after.id))
            .slice(0, limit),
      },
      staleMs: 60_000,
    });
    return { reconcile, redriven, stale };
  }

  it('finds the orders whose job is lost behind more than a page of orders whose job is alive', async () => {
    const { reconcile, redriven, stale } = setup(1_300, (index) => (index < 1_100 ? 'live' : 'missing'));
    expect(await reconcile.execute(now)).toEqual({ checked: 1_300, redriven: 200 });
    expect(redriven).toEqual(stale.slice(1_100).map((order) => order.id));
  });

  it('leaves dead letters for the operator and re-drives each lost job once', async () => {
    const { reconcile, redriven } = setup(10, (index) => (index % 2 === 0 ? 'failed' : 'missing'));
    expect(await reconcile.execute(now)).toEqual({ checked: 10, redriven: 5 });
    expect(new Set(redriven).size).toBe(5);
  });
});
