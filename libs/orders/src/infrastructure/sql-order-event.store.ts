import { type SqlExecutor, fromSqlTime, toSqlTime } from '@nce/persistence';
import type { OrderEventStore } from '../application/orders.ports';
import type { OrderEvent, OrderEventDraft, OrderEventType } from '../domain/order-event.model';

interface EventRow {
  order_id: string;
  sequence: number;
  type: OrderEventType;
  occurred_at: Date;
  data: unknown;
}

export class SqlOrderEventStore implements OrderEventStore {
  constructor(private readonly db: SqlExecutor) {}

  // The per-order counter lives on the order row, which the caller has locked (or just inserted),
  // so sequences are gap-free and never reused.
  async append(
    tx: SqlExecutor,
    orderId: string,
    drafts: readonly OrderEventDraft[],
    now: Date,
    lastSequence?: number,
  ): Promise<OrderEvent[]> {
    if (drafts.length === 0) return [];
    const last =
      lastSequence ??
      (await tx.query<Array<{ last_event_sequence: number }>>('SELECT last_event_sequence FROM orders WHERE id = ?', [orderId]))[0]
        ?.last_event_sequence ??
      0;
    const first = last + 1;
    const events = await this.insertEvents(tx, orderId, first, drafts, now);
    await tx.query('UPDATE orders SET last_event_sequence = ? WHERE id = ?', [first + events.length - 1, orderId]);
    return events;
  }

  appendFirst(tx: SqlExecutor, orderId: string, drafts: readonly OrderEventDraft[], now: Date): Promise<OrderEvent[]> {
    return this.insertEvents(tx, orderId, 1, drafts, now);
  }

  private async insertEvents(
    tx: SqlExecutor,
    orderId: string,
    first: number,
    drafts: readonly OrderEventDraft[],
    now: Date,
  ): Promise<OrderEvent[]> {
    if (drafts.length === 0) return [];
    const events = drafts.map((draft, index): OrderEvent => ({
      orderId,
      sequence: first + index,
      type: draft.type,
      occurredAt: now,
      data: draft.data,
    }));
    await tx.query(
      `INSERT INTO order_events (order_id, sequence, type, occurred_at, data) VALUES ${events.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      events.flatMap((event) => [orderId, event.sequence, event.type, toSqlTime(now), JSON.stringify(event.data)]),
    );
    return events;
  }

  async list(orderId: string, afterSequence: number, limit = 1000): Promise<OrderEvent[]> {
    const rows = await this.db.query<EventRow[]>(
      'SELECT order_id, sequence, type, occurred_at, data FROM order_events WHERE order_id = ? AND sequence > ? ORDER BY sequence LIMIT ?',
      [orderId, afterSequence, limit],
    );
    return rows.map((row) => ({
      orderId: row.order_id,
      sequence: row.sequence,
      type: row.type,
      occurredAt: fromSqlTime(row.occurred_at),
      data: (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>,
    }));
  }
}
