import type { Principal } from '@nce/contracts';
import type { StoredAuditRecord } from '@nce/persistence';
import { inMemoryOrdersContext, anOrder } from '@nce/testing/fakes';
import { OrderNotFoundError } from '../domain/order.errors';
import { OrderQueries } from './order-queries';
import { OrderTimelineQuery, type TimelineReader } from './order-timeline.query';

const order = anOrder();
const operator: Principal = { apiKeyId: 'k-o', role: 'operator', partnerId: null, customerId: null };
const stranger: Principal = { apiKeyId: 'k-s', role: 'partner', partnerId: 'another-partner', customerId: null };
const at = (seconds: number): Date => new Date(Date.UTC(2026, 11, 1, 10, 0, seconds));

async function setup() {
  const context = inMemoryOrdersContext();
  context.orders.seed(order);
  await context.unitOfWork.asUnitOfWork().transaction(async (tx) => {
    await context.events.append(tx, order.id, [{ type: 'order.accepted', data: { status: 'accepted', step: 'account' } }], at(0));
    await context.events.append(tx, order.id, [{ type: 'order.completed', data: { status: 'completed' } }], at(30));
  });
  const rows: TimelineReader = {
    entries: async () => [
      { at: at(10), kind: 'partner_center', data: { route: 'POST /v1/customers/{id}/carts', status: 201 } },
      { at: at(20), kind: 'job', data: { name: 'order.subscription', outcome: 'completed' } },
    ],
  };
  const audits: StoredAuditRecord[] = [
    { id: 1, at: at(25), actorKeyId: 'k-o', actorRole: 'operator', action: 'order.retry', targetType: 'order', targetId: order.id },
  ];
  const audit = { list: async (filter: { targetId?: string }) => audits.filter((record) => record.targetId === filter.targetId) };
  return new OrderTimelineQuery({ timeline: rows, queries: new OrderQueries(context.orders, context.events), audit });
}

describe('OrderTimelineQuery', () => {
  it('merges transitions, job and Partner Center rows and operator actions in time order', async () => {
    const timeline = await setup();
    const { items } = await timeline.execute(operator, order.id);
    expect(items.map((item) => [item.at.slice(17, 19), item.kind])).toEqual([
      ['00', 'transition'],
      ['10', 'partner_center'],
      ['20', 'job'],
      ['25', 'operator'],
      ['30', 'transition'],
    ]);
    expect(items[0]).toEqual({
      at: at(0).toISOString(),
      kind: 'transition',
      sequence: 1,
      type: 'order.accepted',
      status: 'accepted',
      step: 'account',
    });
    expect(items[1]).toMatchObject({ route: 'POST /v1/customers/{id}/carts', status: 201 });
    expect(items[3]).toEqual({
      at: at(25).toISOString(),
      kind: 'operator',
      action: 'order.retry',
      actorKeyId: 'k-o',
      actorRole: 'operator',
      details: {},
    });
    expect(items[4]).toMatchObject({ type: 'order.completed', step: null });
  });

  it('shows nothing of an order the caller may not see', async () => {
    const timeline = await setup();
    await expect(timeline.execute(stranger, order.id)).rejects.toBeInstanceOf(OrderNotFoundError);
  });
});
