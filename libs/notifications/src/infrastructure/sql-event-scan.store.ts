import { type SqlExecutor, isLockRefusal, toSqlTime } from '@nce/persistence';
import type { OrderEventScanStore, ScannedEvent } from '../application/notifications.ports';

/** What one event table needs to be scanned by the webhook fan-out. */
export interface EventScanSource<Row> {
  /** The `webhook_relay_cursors` row of this table. */
  cursor: string;
  /** The events table (its `id` is the scan order). */
  table: string;
  /** SELECT … FROM `<table>` e JOIN …: the event with its owner's partner, customer and status. */
  select: string;
  toEvent(row: Row): ScannedEvent;
}

/** The fan-out's scan of one event table: a locked cursor row, id-ordered batches, and a gap probe. */
export class SqlEventScanStore<Row> implements OrderEventScanStore {
  constructor(private readonly source: EventScanSource<Row>) {}

  async lockCursor(tx: SqlExecutor): Promise<number | null> {
    const rows = await tx.query<Array<{ last_id: number | string }>>(
      'SELECT last_id FROM webhook_relay_cursors WHERE name = ? FOR UPDATE SKIP LOCKED',
      [this.source.cursor],
    );
    return rows[0] ? Number(rows[0].last_id) : null;
  }

  async saveCursor(tx: SqlExecutor, lastId: number, now: Date): Promise<void> {
    await tx.query('UPDATE webhook_relay_cursors SET last_id = GREATEST(last_id, ?), updated_at = ? WHERE name = ?', [
      lastId,
      toSqlTime(now),
      this.source.cursor,
    ]);
  }

  async eventsAfter(tx: SqlExecutor, afterId: number, limit: number): Promise<ScannedEvent[]> {
    const rows = await tx.query<Row[]>(`${this.source.select} WHERE e.id > ? ORDER BY e.id LIMIT ?`, [afterId, limit]);
    return rows.map((row) => this.source.toEvent(row));
  }

  async eventsBetween(tx: SqlExecutor, fromId: number, toId: number): Promise<ScannedEvent[]> {
    const rows = await tx.query<Row[]>(`${this.source.select} WHERE e.id BETWEEN ? AND ? ORDER BY e.id`, [fromId, toId]);
    return rows.map((row) => this.source.toEvent(row));
  }

  async rangeSettled(tx: SqlExecutor, fromId: number, toId: number): Promise<boolean> {
    try {
      // A row inserted by a transaction that has not committed yet is locked: NOWAIT refuses at once.
      await tx.query(`SELECT id FROM ${this.source.table} WHERE id BETWEEN ? AND ? FOR UPDATE NOWAIT`, [fromId, toId]);
      return true;
    } catch (error) {
      if (isLockRefusal(error)) return false;
      throw error;
    }
  }
}
