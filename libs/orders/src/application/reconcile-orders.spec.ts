import { inMemoryOrdersContext, anOrder } from '@nce/testing/fakes';
import { type JobPresence, ReconcileOrders } from './reconcile-orders.use-case';

describe('ReconcileOrders', () => {
  const now = new Date('2026-11-25T12:00:00.000Z');
  const old = new Date('2026-11-25T11:00:00.000Z');

  function setup(count: number, presenceOf: (index: number) => JobPresence) {
    const context = inMemoryOrdersContext();
    const ids = Array.from({ length: count }, (_, index) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`);
    // Ties on updated_at across page ends.
    ids.forEach((id, index) =>
      context.orders.seed(anOrder({ id, status: 'in_progress', step: 'mca', updatedAt: new Date(old.getTime() + Math.floor(index / 3)) })),
    );
    const reconcile = new ReconcileOrders({
      unitOfWork: context.unitOfWork.asUnitOfWork(),
      orders: context.orders,
      finder: context.orders,
      commit: context.commit,
      jobs: { presence: async (_queue, jobId) => presenceOf(ids.findIndex((id) => jobId.includes(id))) },
      staleMs: 60_000,
    });
    return { reconcile, ids, context };
  }

  it('finds the orders whose job is lost behind more than a page of orders whose job is alive', async () => {
    const { reconcile, ids, context } = setup(1_300, (index) => (index < 1_100 ? 'live' : 'missing'));
    expect(await reconcile.execute(now)).toEqual({ checked: 1_300, redriven: 200 });
    expect(context.outbox.commands.map((command) => command.data)).toEqual(
      ids.slice(1_100).map((orderId) => expect.objectContaining({ orderId, run: 1 })),
    );
  });

  it('leaves dead letters for the operator and re-drives each lost job once', async () => {
    const { reconcile, context } = setup(10, (index) => (index % 2 === 0 ? 'failed' : 'missing'));
    expect(await reconcile.execute(now)).toEqual({ checked: 10, redriven: 5 });
    expect(new Set(context.outbox.jobIds()).size).toBe(5);
  });

  it('re-drives a step whose job completed under a new run, so the new job id is free', async () => {
    const { reconcile, ids, context } = setup(1, () => 'completed');
    await reconcile.execute(now);
    expect(context.orders.get(ids[0]).run).toBe(2);
    expect(context.outbox.jobIds()).toEqual([`mca-${ids[0]}-2`]);
  });

  it('leaves an order that moved on since it was found stale', async () => {
    const { ids, context } = setup(1, () => 'missing');
    const reconcile = new ReconcileOrders({
      unitOfWork: context.unitOfWork.asUnitOfWork(),
      orders: context.orders,
      finder: {
        findStale: async (before, limit) => {
          const found = await context.orders.findStale(before, limit);
          context.orders.seed({ ...context.orders.get(ids[0]), step: 'subscription' });
          return found;
        },
      },
      commit: context.commit,
      jobs: { presence: async () => 'missing' },
      staleMs: 60_000,
    });
    expect(await reconcile.execute(now)).toEqual({ checked: 1, redriven: 0 });
    expect(context.outbox.commands).toEqual([]);
  });

  it('wakes the relay only when it re-drove something', async () => {
    const { ids, context } = setup(2, (index) => (index === 0 ? 'live' : 'missing'));
    let kicks = 0;
    const reconcile = new ReconcileOrders({
      unitOfWork: context.unitOfWork.asUnitOfWork(),
      orders: context.orders,
      finder: context.orders,
      commit: context.commit,
      jobs: { presence: async (_q, jobId) => (jobId.includes(ids[0]) ? 'live' : 'missing') },
      staleMs: 60_000,
      onCommitted: () => (kicks += 1),
    });
    await reconcile.execute(now);
    expect(kicks).toBe(1);
    await reconcile.execute(new Date(now.getTime() + 1));
    expect(kicks).toBe(1);
  });
});
