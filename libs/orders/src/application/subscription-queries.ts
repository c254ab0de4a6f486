import { type Principal, canSee } from '@nce/contracts';
import { decodeKeysetCursor, encodeKeysetCursor } from '@nce/persistence';
import type { ItemPrice } from '../domain/order.model';
import { OrderValidationError, SubscriptionNotFoundError } from '../domain/order.errors';

/**
 * A subscription as the orders context knows it: bought by an order, with the price agreed on that
 * order. Fields Microsoft owns and we do not track yet (auto-renew, refundable quantities, the
 * cancellation window) are left out until subscription changes read them (issue 17).
 */
export interface SubscriptionView {
  id: string;
  customerId: string;
  partnerId: string;
  orderId: string;
  catalogItemId: string;
  quantity: number;
  status: string;
  termDuration: string;
  billingCycle: string;
  commitmentEndDate: string | null;
  price: ItemPrice | null;
  /** When the order that bought it was placed (the list's order). */
  orderedAt: Date;
}

export interface SubscriptionFilter {
  partnerId?: string;
  customerId?: string;
  orderId?: string;
}

export interface SubscriptionReadModel {
  list(filter: SubscriptionFilter, page: { limit: number; before?: { createdAt: Date; id: string } }): Promise<SubscriptionView[]>;
  findById(subscriptionId: string): Promise<SubscriptionView | null>;
}

/** GET /v1/subscriptions[/{id}]: scoped like orders (what the caller may not see does not exist). */
export class SubscriptionQueries {
  constructor(private readonly subscriptions: SubscriptionReadModel) {}

  async get(principal: Principal, id: string): Promise<SubscriptionView> {
    const found = id.length <= 64 ? await this.subscriptions.findById(id) : null;
    if (!found || !canSee(principal, found)) throw new SubscriptionNotFoundError(id);
    return found;
  }

  async list(
    principal: Principal,
    query: { customerId?: string; orderId?: string; cursor?: string; limit?: number },
  ): Promise<{ items: SubscriptionView[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      throw new OrderValidationError([{ field: 'limit', message: 'Expected an integer from 1 to 200' }]);
    const before = query.cursor ? decodeKeysetCursor(query.cursor) : undefined;
    if (before === null) throw new OrderValidationError([{ field: 'cursor', message: 'Not a cursor returned by this API' }]);
    const filter: SubscriptionFilter = { customerId: query.customerId, orderId: query.orderId };
    if (principal.role === 'partner') filter.partnerId = principal.partnerId ?? undefined;
    if (principal.role === 'customer') {
      if (query.customerId && query.customerId !== principal.customerId) return { items: [], nextCursor: null };
      filter.customerId = principal.customerId ?? undefined;
    }
    const items = await this.subscriptions.list(filter, { limit: limit + 1, before });
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page,
      nextCursor: items.length > limit && last ? encodeKeysetCursor({ createdAt: last.orderedAt, id: last.id }) : null,
    };
  }
}
