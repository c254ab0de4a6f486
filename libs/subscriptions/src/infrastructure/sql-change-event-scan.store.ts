import type { OrderEventScanStore, ScannedEvent } from '@nce/notifications';
import { type SqlExecutor, fromSqlTime, isLockRefusal, toSqlTime } from '@nce/persistence';

interface ScanRow {
  id: number | string;
  change_id: string;
  sequence: number;
  type: string;
  occurred_at: Date | string;
  data: unknown;
  partner_id: string;
  customer_id: string;
  status: string;
}

const CURSOR = 'subscription_change_events';

const SELECT = `SELECT e.id, e.change_id, e.sequence, e.type, e.occurred_at, e.data, c.partner_id, c.customer_id, c.status
  FROM subscription_change_events e JOIN subscription_changes c ON c.id = e.change_id`;

/** `webhook-id` of a change event: names the event itself, whichever endpoint or attempt carries it. */
export function changeEventMessageId(changeId: string, sequence: number): string {
  return `evt_sc_${changeId}_${sequence}`;
}

function toEvent(row: ScanRow): ScannedEvent {
  const data = (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>;
  const occurredAt = fromSqlTime(row.occurred_at);
  // Webhook body (issue-17 contract): { type, timestamp, data: { changeId, subscriptionId, customerId, kind, status, sequence, … } }.
  const body = JSON.stringify({
    type: row.type,
    timestamp: occurredAt.toISOString(),
    data: { ...data, changeId: row.change_id, customerId: row.customer_id, sequence: row.sequence },
  });
  return {
    id: Number(row.id),
    orderId: row.change_id,
    customerId: row.customer_id,
    partnerId: row.partner_id,
    sequence: row.sequence,
    type: row.type,
    occurredAt,
    data,
    orderStatus: row.status,
    orderStep: null,
    webhook: { messageId: changeEventMessageId(row.change_id, row.sequence), body },
  };
}

/** The webhook fan-out's scan over subscription_change_events (its own cursor row; same gap handling as order events). */
export class SqlChangeEventScanStore implements OrderEventScanStore {
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
      await tx.query('SELECT id FROM subscription_change_events WHERE id BETWEEN ? AND ? FOR UPDATE NOWAIT', [fromId, toId]);
      return true;
    } catch (error) {
      if (isLockRefusal(error)) return false;
      throw error;
    }
  }
}
