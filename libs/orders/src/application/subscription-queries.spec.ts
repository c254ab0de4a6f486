import { anOrder } from '@nce/testing/fakes';
import type { Principal } from '@nce/contracts';
import { OrderValidationError } from '../index';
import { SubscriptionNotFoundError } from '../domain/order.errors';
import { SubscriptionQueries, type SubscriptionView } from './subscription-queries';

const base = anOrder();
const partner: Principal = { apiKeyId: 'k', role: 'partner', partnerId: base.partnerId, customerId: null };
const customer: Principal = { apiKeyId: 'k', role: 'customer', partnerId: base.partnerId, customerId: base.customerId };

describe('SubscriptionQueries', () => {
  const view = (index: number, patch: Partial<SubscriptionView> = {}): SubscriptionView => ({
    id: `sub-${index}`,
    customerId: base.customerId,
    partnerId: base.partnerId,
    orderId: base.id,
    catalogItemId: 'x',
    quantity: 1,
    status: 'active',
    termDuration: 'P1Y',
    billingCycle: 'monthly',
    commitmentEndDate: null,
    price: null,
    orderedAt: new Date(Date.UTC(2026, 10, 1, 0, index)),
    ...patch,
  });
  const rows = [view(3), view(2), view(1), view(9, { partnerId: 'another', customerId: 'another-customer' })];
  const filters: unknown[] = [];
  const queries = new SubscriptionQueries({
    list: async (filter, page) => {
      filters.push(filter);
      return rows
        .filter(
          (row) =>
            (!filter.partnerId || row.partnerId === filter.partnerId) && (!filter.customerId || row.customerId === filter.customerId),
        )
        .filter((row) => !page.before || row.orderedAt < page.before.createdAt)
        .slice(0, page.limit);
    },
    findById: async (id) => rows.find((row) => row.id === id) ?? null,
  });

  it('pages a caller’s subscriptions by the order that bought them', async () => {
    const first = await queries.list(partner, { limit: 2 });
    expect(first.items.map((item) => item.id)).toEqual(['sub-3', 'sub-2']);
    const next = await queries.list(partner, { limit: 2, cursor: first.nextCursor ?? undefined });
    expect(next).toEqual({ items: [view(1)], nextCursor: null });
    expect(await queries.list(customer, { customerId: 'another-customer' })).toEqual({ items: [], nextCursor: null });
    await queries.list(customer, {});
    expect(filters[filters.length - 1]).toMatchObject({ customerId: base.customerId });
  });

  it('hides what the caller may not see and refuses bad paging', async () => {
    expect((await queries.get(partner, 'sub-1')).id).toBe('sub-1');
    await expect(queries.get(partner, 'sub-9')).rejects.toBeInstanceOf(SubscriptionNotFoundError);
    await expect(queries.get(partner, 'x'.repeat(65))).rejects.toBeInstanceOf(SubscriptionNotFoundError);
    await expect(queries.list(partner, { limit: 0 })).rejects.toBeInstanceOf(OrderValidationError);
    await expect(queries.list(partner, { cursor: 'forged' })).rejects.toBeInstanceOf(OrderValidationError);
  });
});
