import {
  ConcurrentOrderUpdateError,
  type IdempotencyBegin,
  type IdempotencyStore,
  type Order,
  type OrderCursor,
  type OrderEvent,
  type OrderEventDraft,
  type OrderEventSink,
  type OrderEventStore,
  type OrderFilter,
  type OrderRepository,
  type OrderingCustomer,
  type OrderingParties,
  type OrderingPartner,
} from '@nce/orders';
import type { SqlExecutor } from '@nce/persistence';
import { assertReadable, writeIn } from './unit-of-work.fakes';

const copy = <T>(value: T): T => structuredClone(value);

/** Order events in memory, gap-free per order like the SQL store. */
export class InMemoryOrderEventStore implements OrderEventStore {
  private readonly byOrder = new Map<string, OrderEvent[]>();

  lastSequence(orderId: string): number {
    return this.byOrder.get(orderId)?.length ?? 0;
  }

  /** Every event of an order (spec helper). */
  of(orderId: string): OrderEvent[] {
    return [...(this.byOrder.get(orderId) ?? [])];
  }

  async append(tx: SqlExecutor, orderId: string, drafts: readonly OrderEventDraft[], now: Date): Promise<OrderEvent[]> {
    return this.add(tx, orderId, drafts, now);
  }

  async appendFirst(tx: SqlExecutor, orderId: string, drafts: readonly OrderEventDraft[], now: Date): Promise<OrderEvent[]> {
    return this.add(tx, orderId, drafts, now);
  }

  async list(orderId: string, afterSequence: number, limit = 100): Promise<OrderEvent[]> {
    return this.of(orderId)
      .filter((event) => event.sequence > afterSequence)
      .slice(0, limit);
  }

  private add(tx: SqlExecutor, orderId: string, drafts: readonly OrderEventDraft[], now: Date): OrderEvent[] {
    if (drafts.length === 0) return [];
    const first = this.lastSequence(orderId) + 1;
    const events = drafts.map((draft, index): OrderEvent => ({
      orderId,
      sequence: first + index,
      type: draft.type,
      occurredAt: now,
      data: draft.data,
    }));
    writeIn(
      tx,
      () => this.byOrder.set(orderId, [...this.of(orderId), ...events]),
      () => this.byOrder.set(orderId, this.of(orderId).slice(0, first - 1)),
    );
    return events;
  }
}

/** Orders in memory with the SQL repository's rules: optimistic version check, locked reads carry the event counter. */
export class InMemoryOrderRepository implements OrderRepository {
  private readonly rows = new Map<string, Order>();
  /** How many locked reads (`forUpdate`) were made: a read-only path makes none. */
  lockedReads = 0;

  constructor(private readonly events: InMemoryOrderEventStore = new InMemoryOrderEventStore()) {}

  /** Puts an order in place without a transaction (spec setup). */
  seed(order: Order): Order {
    this.rows.set(order.id, copy(order));
    return order;
  }

  /** The stored order (spec helper; throws when absent). */
  get(id: string): Order {
    const order = this.rows.get(id);
    if (!order) throw new Error(`No order ${id}`);
    return copy(order);
  }

  all(): Order[] {
    return [...this.rows.values()].map(copy);
  }

  async insert(tx: SqlExecutor, order: Order): Promise<void> {
    if (this.rows.has(order.id)) throw Object.assign(new Error(`Duplicate order ${order.id}`), { code: 'ER_DUP_ENTRY' });
    const stored = copy(order);
    writeIn(
      tx,
      () => this.rows.set(order.id, stored),
      () => this.rows.delete(order.id),
    );
  }

  async findById(id: string, options: { tx?: SqlExecutor; forUpdate?: boolean } = {}): Promise<Order | null> {
    assertReadable(options.tx);
    const order = this.rows.get(id);
    if (!order) return null;
    if (options.forUpdate) this.lockedReads += 1;
    const { lastEventSequence: _ignored, ...read } = copy(order);
    return options.forUpdate ? { ...read, lastEventSequence: this.events.lastSequence(id) } : read;
  }

  async update(tx: SqlExecutor, order: Order): Promise<void> {
    const previous = this.rows.get(order.id);
    if (!previous || previous.version !== order.version) throw new ConcurrentOrderUpdateError(order.id);
    const stored = copy({ ...order, version: order.version + 1 });
    writeIn(
      tx,
      () => this.rows.set(order.id, stored),
      () => this.rows.set(order.id, previous),
    );
    order.version += 1;
  }

  async list(filter: OrderFilter, page: { limit: number; before?: OrderCursor }): Promise<Order[]> {
    const matches = (order: Order): boolean =>
      (!filter.partnerId || order.partnerId === filter.partnerId) &&
      (!filter.customerId || order.customerId === filter.customerId) &&
      (!filter.status || order.status === filter.status) &&
      (!filter.domain || order.account.domain === filter.domain) &&
      (!filter.failureCode || order.failure?.code === filter.failureCode) &&
      (!filter.subscriptionId || order.subscriptions.some((subscription) => subscription.id === filter.subscriptionId));
    const before = page.before;
    return this.all()
      .filter(matches)
      .filter(
        (order) =>
          !before ||
          order.createdAt < before.createdAt ||
          (order.createdAt.getTime() === before.createdAt.getTime() && order.id < before.id),
      )
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .slice(0, page.limit);
  }

  /** StaleOrderFinder: non-terminal orders untouched since `before`, keyset on (updatedAt, id). */
  async findStale(
    before: Date,
    limit: number,
    after?: { updatedAt: Date; id: string },
  ): Promise<Array<{ id: string; step: Order['step']; run: number; updatedAt: Date }>> {
    return this.all()
      .filter((order) => ['accepted', 'in_progress', 'action_required'].includes(order.status) && order.updatedAt < before)
      .filter(
        (order) =>
          !after || order.updatedAt > after.updatedAt || (order.updatedAt.getTime() === after.updatedAt.getTime() && order.id > after.id),
      )
      .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || (a.id < b.id ? -1 : 1))
      .slice(0, limit)
      .map((order) => ({ id: order.id, step: order.step, run: order.run, updatedAt: order.updatedAt }));
  }
}

/** Idempotency keys in memory: claim, replay once completed (in the order's transaction), abandon. */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  readonly keys = new Map<string, { hash: string; state: 'in_progress' | 'completed'; status?: number; body?: string; at: Date }>();

  async begin(apiKeyId: string, key: string, requestHash: string, now: Date): Promise<IdempotencyBegin> {
    const existing = this.keys.get(`${apiKeyId}|${key}`);
    if (!existing) {
      this.keys.set(`${apiKeyId}|${key}`, { hash: requestHash, state: 'in_progress', at: now });
      return { kind: 'started' };
    }
    if (existing.hash !== requestHash) return { kind: 'mismatch' };
    if (existing.state === 'completed' && existing.status !== undefined && existing.body !== undefined)
      return { kind: 'replay', status: existing.status, body: existing.body };
    return { kind: 'in_progress' };
  }

  async complete(tx: SqlExecutor, apiKeyId: string, key: string, status: number, body: string): Promise<void> {
    const id = `${apiKeyId}|${key}`;
    const previous = this.keys.get(id);
    if (!previous) throw new Error(`Key ${key} was never claimed`);
    writeIn(
      tx,
      () => this.keys.set(id, { ...previous, state: 'completed', status, body }),
      () => this.keys.set(id, previous),
    );
  }

  async abandon(apiKeyId: string, key: string): Promise<void> {
    const id = `${apiKeyId}|${key}`;
    if (this.keys.get(id)?.state === 'in_progress') this.keys.delete(id);
  }

  async purgeOlderThan(cutoff: Date): Promise<number> {
    const old = [...this.keys.entries()].filter(([, entry]) => entry.at < cutoff);
    for (const [id] of old) this.keys.delete(id);
    return old.length;
  }
}

/** Customers and partners as intake sees them. */
export class InMemoryOrderingParties implements OrderingParties {
  readonly customers = new Map<string, OrderingCustomer>();
  readonly partners = new Map<string, OrderingPartner>();

  add(customer: OrderingCustomer, partner: OrderingPartner): this {
    this.customers.set(customer.id, customer);
    this.partners.set(partner.id, partner);
    return this;
  }

  async findCustomer(id: string): Promise<OrderingCustomer | null> {
    return this.customers.get(id) ?? null;
  }

  async findCustomerWithPartner(customerId: string): Promise<{ customer: OrderingCustomer; partner: OrderingPartner } | null> {
    const customer = this.customers.get(customerId);
    const partner = customer ? this.partners.get(customer.partnerId) : undefined;
    return customer && partner ? { customer, partner } : null;
  }

  async findPartner(id: string): Promise<OrderingPartner | null> {
    return this.partners.get(id) ?? null;
  }
}

/** Collects what was announced after commit. */
export class RecordingEventSink implements OrderEventSink {
  readonly events: OrderEvent[] = [];

  committed(events: readonly OrderEvent[]): void {
    this.events.push(...events);
  }

  types(): string[] {
    return this.events.map((event) => event.type);
  }
}
