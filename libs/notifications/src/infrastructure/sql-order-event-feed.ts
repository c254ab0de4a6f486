import { type OrderEvent, SqlOrderEventStore } from '@nce/orders';
import type { SqlExecutor } from '@nce/persistence';
import type { OrderEventReader } from '../application/order-event-hub';

/** What live streams read: an order's events by sequence, and the last sequence of many orders at once. */
export class SqlOrderEventFeed implements OrderEventReader {
  private readonly events: SqlOrderEventStore;

  constructor(private readonly db: SqlExecutor) {
    this.events = new SqlOrderEventStore(db);
  }

  listAfter(orderId: string, afterSequence: number, limit: number): Promise<OrderEvent[]> {
    return this.events.list(orderId, afterSequence, limit);
  }

  // orders.last_event_sequence is written in the transaction that appends events: one indexed read
  // per 500 followed orders replaces a poll per stream.
  async lastSequences(orderIds: readonly string[]): Promise<Map<string, number>> {
    if (orderIds.length === 0) return new Map();
    const rows = await this.db.query<Array<{ id: string; last_event_sequence: number }>>(
      `SELECT id, last_event_sequence FROM orders WHERE id IN (${orderIds.map(() => '?').join(', ')})`,
      orderIds,
    );
    return new Map(rows.map((row) => [row.id, row.last_event_sequence]));
  }
}
