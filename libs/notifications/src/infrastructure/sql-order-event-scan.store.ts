import { type SqlExecutor, fromSqlTime, isLockRefusal, toSqlTime } from '@nce/persistence';
import type { OrderEventScanStore, ScannedEvent } from '../application/notifications.ports';

interface ScanRow {
  id: number | string;
  order_id: string;
  sequence: number;
  type: string;
  occurred_at: Date | string;
  data: unknown;
  partner_id: string;
  customer_id: string;
  status: string;
  step: string | null;
}

const CURSOR = 'order_events';

// Read-only over the orders context's tables (order_events joined with orders for partner and customer).
const SELECT = `SELECT e.id, e.order_id, e.sequence, e.type, e.occurred_at, e.data, o.partner_id, o.customer_id, o.status, o.step
  FROM order_events e JOIN orders o ON o.id = e.order_id`;

function toEvent(row: ScanRow): ScannedEvent {
  return {
    id: Number(row.id),
    orderId: row.order_id,
    customerId: row.customer_id,
    partnerId: row.partner_id,
    sequence: row.sequence,
    type: row.type,
    occurredAt: fromSqlTime(row.occurred_at),
    data: (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>,
    orderStatus: row.status,
    orderStep: row.step,
  };
}

export class SqlOrderEventScanStore implements OrderEventScanStore {
  async lockCursor(tx: SqlExecutor): Promise<number | null> {
    const rows = await tx.query<Array<{ last_id: number | string }>>(
      'SELECT last_id FROM webhook_relay_cursors WHERE name = ? FOR UPDATE SKIP LOCKED',
      [CURSOR],
    );
    return rows[0] ? Number(rows[0].last_id) : null;
  }

  async saveCursor(tx: SqlExecutor, lastId: number, now: Date): Promise<void> {
    await tx.query('UPDATE webhook_relay_cursors SET last_id = GREATEST(last_id, ?), updated_at = ? WHERE name = ?', [
      lastId,
      toSqlTime(now),
      CURSOR,
    ]);
  }

  async eventsAfter(tx: SqlExecutor, afterId: number, limit: number): Promise<ScannedEvent[]> {
    return (await tx.query<ScanRow[]>(`${SELECT} WHERE e.id > ? ORDER BY e.id LIMIT ?`, [afterId, limit])).map(toEvent);
  }

  async eventsBetween(tx: SqlExecutor, fromId: number, toId: number): Promise<ScannedEvent[]> {
    return (await tx.query<ScanRow[]>(`${SELECT} WHERE e.id BETWEEN ? AND ? ORDER BY e.id`, [fromId, toId])).map(toEvent);
  }

  async rangeSettled(tx: SqlExecutor, fromId: number, toId: number): Promise<boolean> {
    try {
      // A row inserted by a transaction that has not committed yet is locked: NOWAIT refuses at once.
      await tx.query('SELECT id FROM order_events WHERE id BETWEEN ? AND ? FOR UPDATE NOWAIT', [fromId, toId]);
      return true;
    } catch (error) {
      if (isLockRefusal(error)) return false;
      throw error;
    }
  }
}
