import type { Principal } from '@nce/contracts';
import type { AuditRecord, SqlExecutor } from '@nce/persistence';
import { inMemoryOrdersContext, anOrder } from '@nce/testing/fakes';
import { OrderConflictError, OrderNotFoundError } from '../domain/order.errors';
import type { Order } from '../domain/order.model';
import { RetryFailedOrder } from './retry-failed-order.use-case';

const operator: Principal = { apiKeyId: 'k-o', role: 'operator', partnerId: null, customerId: null };
const failure = { code: 'PARK_EXPIRED', message: 'Waited too long', howToFix: 'Retry once the customer has acted', step: 'mca' as const };

function setup(seed: Order, options: { failAudit?: boolean } = {}) {
  const context = inMemoryOrdersContext('2026-12-01T10:00:00Z');
  context.orders.seed(seed);
  const audits: AuditRecord[] = [];
  let kicks = 0;
  const retry = new RetryFailedOrder({
    unitOfWork: context.unitOfWork.asUnitOfWork(),
    orders: context.orders,
    commit: context.commit,
    audit: {
      record: async (record: AuditRecord, _tx?: SqlExecutor) => {
        if (options.failAudit) throw new Error('audit log unavailable');
        audits.push(record);
      },
    },
    eventSink: context.sink,
    onCommitted: () => kicks++,
    clock: context.clock.now,
  });
  return { context, retry, audits, kicks: () => kicks, stored: () => context.orders.get(seed.id) };
}

describe('RetryFailedOrder', () => {
  it('restarts a failed order at the step that failed, with a fresh run, its event, its command and the audit record', async () => {
    const { retry, context, audits, kicks, stored } = setup(anOrder({ status: 'failed', step: null, run: 3, failure }));
    const retried = await retry.execute(operator, anOrder().id);
    expect(retried).toMatchObject({ status: 'in_progress', step: 'mca', run: 4, failure: null });
    expect(stored()).toMatchObject({ status: 'in_progress', step: 'mca', run: 4 });
    expect(context.sink.events.map((event) => [event.type, event.data.phase])).toEqual([['order.progressed', 'retried']]);
    expect(context.outbox.commands.map((command) => command.name)).toEqual(['order.mca']);
    expect(audits).toEqual([
      expect.objectContaining({
        actorKeyId: 'k-o',
        actorRole: 'operator',
        action: 'order.retry',
        targetType: 'order',
        details: { step: 'mca', run: 4, failure },
      }),
    ]);
    expect(kicks()).toBe(1);
  });

  it('refuses an order that has not failed, and one that does not exist, changing nothing', async () => {
    const { retry, context, stored } = setup(anOrder({ status: 'in_progress' }));
    await expect(retry.execute(operator, anOrder().id)).rejects.toBeInstanceOf(OrderConflictError);
    await expect(retry.execute(operator, 'no-such-order')).rejects.toBeInstanceOf(OrderNotFoundError);
    expect(stored()).toMatchObject({ status: 'in_progress', run: 1 });
    expect(context.outbox.commands).toEqual([]);
    expect(context.sink.events).toEqual([]);
  });

  it('commits nothing when the audit record cannot be written: the retry and its audit go together', async () => {
    const { retry, context, kicks, stored } = setup(anOrder({ status: 'failed', step: null, failure }), { failAudit: true });
    await expect(retry.execute(operator, anOrder().id)).rejects.toThrow('audit log unavailable');
    expect(stored()).toMatchObject({ status: 'failed', run: 1 });
    expect(context.outbox.commands).toEqual([]);
    expect(context.sink.events).toEqual([]);
    expect(kicks()).toBe(0);
  });
});
