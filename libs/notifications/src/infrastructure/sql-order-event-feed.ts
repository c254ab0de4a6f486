import { type OrderEvent, type OrderEventType } from '@nce/orders';
import { type SqlExecutor, fromSqlTime } from '@nce/persistence';
import type { OrderEventReader } from '../application/order-event-hub';

interface EventRow {
  order_id: string;
  sequence: number;
  type: OrderEventType;
  occurred_at: Date | string;
  data: unknown;
}

/** What live streams read: an order's events by sequence, and the last sequence of many orders at once. */
export class SqlOrderEventFeed implements OrderEventReader {
  constructor(private readonly db: SqlExecutor) {}

  async listAfter(orderId: string, afterSequence: number, limit: number): Promise<OrderEvent[]> {
    const rows = await this.db.query<EventRow[]>('SELECT order_id, sequence, type, occurred_at, data FROM order_events WHERE order_id = ? AND sequence > ? ORDER BY sequence LIMIT ?', [
      orderId,
      afterSequence,
      limit,
    ]);
    return rows.map((row) => ({
      orderId: row.order_id,
      sequence: row.sequence,
      type: row.type,
      occurredAt: fromSqlTime(row.occurred_at),
      data: (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>,
    }));
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
