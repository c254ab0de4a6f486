import { type Principal, canSee } from '@nce/contracts';
import { decodeKeysetCursor, encodeKeysetCursor } from '@nce/persistence';
import type { Order } from '../domain/order.model';
import type { OrderEvent } from '../domain/order-event.model';
import { ORDER_STATUSES, type OrderStatus } from '../domain/order-state-machine';
import { OrderNotFoundError, OrderValidationError } from '../domain/order.errors';
import type { OrderCursor, OrderEventStore, OrderFilter, OrderRepository } from './orders.ports';

export interface ListOrdersQuery {
  status?: string;
  customerId?: string;
  domain?: string;
  subscriptionId?: string;
  failureCode?: string;
  cursor?: string;
  limit?: number;
}

function decodeCursor(cursor: string): OrderCursor {
  const position = decodeKeysetCursor(cursor);
  if (!position) throw new OrderValidationError([{ field: 'cursor', message: 'Not a cursor returned by this API' }]);
  return position;
}

/** Reads scoped to the caller: what it may not see does not exist (404). */
export class OrderQueries {
  constructor(
    private readonly orders: OrderRepository,
    private readonly eventStore: OrderEventStore,
  ) {}

  async get(principal: Principal, orderId: string): Promise<Order> {
    const order = /^[0-9a-f-]{36}$/i.test(orderId) ? await this.orders.findById(orderId) : null;
    if (!order || !canSee(principal, order)) throw new OrderNotFoundError(orderId);
    return order;
  }

  async list(principal: Principal, query: ListOrdersQuery): Promise<{ items: Order[]; nextCursor: string | null }> {
    if (query.status !== undefined && !(ORDER_STATUSES as readonly string[]).includes(query.status)) {
      throw new OrderValidationError([{ field: 'status', message: `Expected one of ${ORDER_STATUSES.join(', ')}` }]);
    }
    const limit = query.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      throw new OrderValidationError([{ field: 'limit', message: 'Expected an integer from 1 to 200' }]);
    const filter: OrderFilter = {
      status: query.status as OrderStatus | undefined,
      customerId: query.customerId,
      domain: query.domain,
      subscriptionId: query.subscriptionId,
      failureCode: query.failureCode,
    };
    if (principal.role === 'partner') filter.partnerId = principal.partnerId ?? undefined;
    if (principal.role === 'customer') {
      if (query.customerId && query.customerId !== principal.customerId) return { items: [], nextCursor: null };
      filter.customerId = principal.customerId ?? undefined;
    }
    const items = await this.orders.list(filter, { limit: limit + 1, before: query.cursor ? decodeCursor(query.cursor) : undefined });
    const page = items.slice(0, limit);
    return { items: page, nextCursor: items.length > limit ? encodeKeysetCursor(page[page.length - 1]) : null };
  }

  async events(principal: Principal, orderId: string, afterSequence: number): Promise<OrderEvent[]> {
    await this.get(principal, orderId);
    return this.eventStore.list(orderId, afterSequence);
  }
}
