import type { PricingSettings } from '@nce/catalog';
import type { SqlExecutor } from '@nce/persistence';
import type { Order } from '../domain/order.model';
import type { OrderEvent, OrderEventDraft } from '../domain/order-event.model';
import type { OrderStatus } from '../domain/order-state-machine';

export interface OrderFilter {
  partnerId?: string;
  customerId?: string;
  status?: OrderStatus;
  domain?: string;
  subscriptionId?: string;
  failureCode?: string;
}

export interface OrderCursor {
  createdAt: Date;
  id: string;
}

export interface OrderRepository {
  /** Inserts a new order whose first `initialEvents` events follow in the same transaction. */
  insert(tx: SqlExecutor, order: Order, initialEvents: number): Promise<void>;
  /** Reads the order; `forUpdate` locks the row for the rest of the transaction. */
  findById(id: string, options?: { tx?: SqlExecutor; forUpdate?: boolean }): Promise<Order | null>;
  /** Writes the new state; fails if another writer changed the order since it was read. */
  update(tx: SqlExecutor, order: Order): Promise<void>;
  list(filter: OrderFilter, page: { limit: number; before?: OrderCursor }): Promise<Order[]>;
}

export interface OrderEventStore {
  /**
   * Appends after the order's last sequence (the order row must be locked or new); `lastSequence`,
   * when the caller read it under the lock, saves reading it again.
   */
  append(tx: SqlExecutor, orderId: string, drafts: readonly OrderEventDraft[], now: Date, lastSequence?: number): Promise<OrderEvent[]>;
  /** The first events of an order inserted in this transaction (its counter already set by insert). */
  appendFirst(tx: SqlExecutor, orderId: string, drafts: readonly OrderEventDraft[], now: Date): Promise<OrderEvent[]>;
  list(orderId: string, afterSequence: number, limit?: number): Promise<OrderEvent[]>;
}

export type IdempotencyBegin =
  { kind: 'started' } | { kind: 'replay'; status: number; body: string } | { kind: 'in_progress' } | { kind: 'mismatch' };

export interface IdempotencyStore {
  begin(apiKeyId: string, key: string, requestHash: string, now: Date): Promise<IdempotencyBegin>;
  complete(tx: SqlExecutor, apiKeyId: string, key: string, status: number, body: string): Promise<void>;
  abandon(apiKeyId: string, key: string): Promise<void>;
  purgeOlderThan(cutoff: Date): Promise<number>;
}

/** The customer and partner an order is placed for, as intake needs them (provided by the accounts context). */
export interface OrderingCustomer {
  id: string;
  partnerId: string;
  tenant: { id: string; domain: string } | null;
}

export interface OrderingPartner {
  id: string;
  channel: 'direct' | 'indirect';
  settings: { customerSelfOrdering: boolean; customerMcaAttestation: boolean; pricing?: PricingSettings };
}

export interface OrderingParties {
  findCustomer(id: string): Promise<OrderingCustomer | null>;
  /** Both in one read (intake). */
  findCustomerWithPartner(customerId: string): Promise<{ customer: OrderingCustomer; partner: OrderingPartner } | null>;
  findPartner(id: string): Promise<OrderingPartner | null>;
}
