import { type SqlExecutor, fromSqlTime, toSqlTime } from '@nce/persistence';
import type { SubscriptionChangeEventType } from '@nce/contracts';
import type { SubscriptionChangeEventStore } from '../application/subscription-changes.ports';
import type { ChangeEventDraft, SubscriptionChangeEvent } from '../domain/subscription-change.model';

interface EventRow {
  change_id: string;
  sequence: number;
  type: SubscriptionChangeEventType;
  occurred_at: Date | string;
  data: unknown;
}

export function toChangeEvent(row: EventRow): SubscriptionChangeEvent {
  return {
    changeId: row.change_id,
    sequence: row.sequence,
    type: row.type,
    occurredAt: fromSqlTime(row.occurred_at),
    data: (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>,
  };
}

/** Per-change gap-free sequences: the counter lives on the change row, locked (or new) in the caller's transaction. */
export class SqlSubscriptionChangeEventStore implements SubscriptionChangeEventStore {
  constructor(private readonly db: SqlExecutor) {}

  async append(
    tx: SqlExecutor,
    changeId: string,
    drafts: readonly ChangeEventDraft[],
    now: Date,
    lastSequence: number,
  ): Promise<SubscriptionChangeEvent[]> {
    if (drafts.length === 0) return [];
    const events = drafts.map((draft, index): SubscriptionChangeEvent => ({
      changeId,
      sequence: lastSequence + index + 1,
      type: draft.type,
      occurredAt: now,
      data: draft.data,
    }));
    await tx.query(
      `INSERT INTO subscription_change_events (change_id, sequence, type, occurred_at, data) VALUES ${events.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      events.flatMap((event) => [changeId, event.sequence, event.type, toSqlTime(now), JSON.stringify(event.data)]),
    );
    await tx.query('UPDATE subscription_changes SET last_event_sequence = ? WHERE id = ?', [lastSequence + events.length, changeId]);
    return events;
  }

  async list(changeId: string, afterSequence: number, limit = 1000): Promise<SubscriptionChangeEvent[]> {
    const rows = await this.db.query<EventRow[]>(
      'SELECT change_id, sequence, type, occurred_at, data FROM subscription_change_events WHERE change_id = ? AND sequence > ? ORDER BY sequence LIMIT ?',
      [changeId, afterSequence, limit],
    );
    return rows.map(toChangeEvent);
  }

  async lastSequences(changeIds: readonly string[]): Promise<Map<string, number>> {
    if (changeIds.length === 0) return new Map();
    const rows = await this.db.query<Array<{ id: string; last_event_sequence: number }>>(
      `SELECT id, last_event_sequence FROM subscription_changes WHERE id IN (${changeIds.map(() => '?').join(', ')})`,
      [...changeIds],
    );
    return new Map(rows.map((row) => [row.id, row.last_event_sequence]));
  }
}
