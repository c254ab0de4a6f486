import type { Principal } from '@nce/contracts';
import { inMemoryOrdersContext, anOrder } from '@nce/testing/fakes';
import { OrderNotFoundError, OrderValidationError } from '../index';
import { OrderQueries } from './order-queries';

const base = anOrder();
const partner: Principal = { apiKeyId: 'k', role: 'partner', partnerId: base.partnerId, customerId: null };
const otherPartner: Principal = { apiKeyId: 'k', role: 'partner', partnerId: 'another', customerId: null };
const customer: Principal = { apiKeyId: 'k', role: 'customer', partnerId: base.partnerId, customerId: base.customerId };
const operator: Principal = { apiKeyId: 'k', role: 'operator', partnerId: null, customerId: null };

function ordersSetup(count: number) {
  const context = inMemoryOrdersContext();
  for (let index = 0; index < count; index += 1) {
    context.orders.seed(
      anOrder({ id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, createdAt: new Date(Date.UTC(2026, 10, 1, 0, index)) }),
    );
  }
  context.orders.seed(anOrder({ id: '99999999-0000-4000-8000-000000000000', partnerId: 'another', customerId: 'another-customer' }));
  return { queries: new OrderQueries(context.orders, context.events), context };
}

describe('OrderQueries', () => {
  it('pages newest first with a cursor that continues where the page ended', async () => {
    const { queries } = ordersSetup(5);
    const first = await queries.list(partner, { limit: 2 });
    expect(first.items.map((order) => order.id.slice(-1))).toEqual(['4', '3']);
    const second = await queries.list(partner, { limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((order) => order.id.slice(-1))).toEqual(['2', '1']);
    const last = await queries.list(partner, { limit: 2, cursor: second.nextCursor ?? undefined });
    expect(last).toMatchObject({ items: [expect.anything()], nextCursor: null });
  });

  it('shows each caller only its own orders', async () => {
    const { queries } = ordersSetup(2);
    expect((await queries.list(partner, {})).items).toHaveLength(2);
    expect((await queries.list(operator, {})).items).toHaveLength(3);
    expect((await queries.list(customer, {})).items).toHaveLength(2);
    expect(await queries.list(customer, { customerId: 'another-customer' })).toEqual({ items: [], nextCursor: null });
    await expect(queries.get(otherPartner, '00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(OrderNotFoundError);
    await expect(queries.get(partner, 'not-an-id')).rejects.toBeInstanceOf(OrderNotFoundError);
    expect((await queries.get(partner, '00000000-0000-4000-8000-000000000000')).id).toBe('00000000-0000-4000-8000-000000000000');
  });

  it('refuses an unknown status, a limit out of range and a cursor it did not issue', async () => {
    const { queries } = ordersSetup(1);
    await expect(queries.list(partner, { status: 'shipped' })).rejects.toMatchObject({ errors: [{ field: 'status' }] });
    await expect(queries.list(partner, { limit: 201 })).rejects.toBeInstanceOf(OrderValidationError);
    await expect(queries.list(partner, { cursor: 'forged' })).rejects.toMatchObject({ errors: [{ field: 'cursor' }] });
  });

  it('reads the events of a visible order after a sequence', async () => {
    const { queries, context } = ordersSetup(1);
    const id = '00000000-0000-4000-8000-000000000000';
    await context.events.append(
      context.unitOfWork.executor,
      id,
      [
        { type: 'order.accepted', data: {} },
        { type: 'order.progressed', data: {} },
      ],
      new Date(),
    );
    expect((await queries.events(partner, id, 1)).map((event) => event.sequence)).toEqual([2]);
    await expect(queries.events(otherPartner, id, 0)).rejects.toBeInstanceOf(OrderNotFoundError);
  });
});
