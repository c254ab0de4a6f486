import type { Principal } from '@nce/contracts';
import type { OrderQueries } from '@nce/orders';
import { type SqlAuditLog, type SqlExecutor, fromSqlTime } from '@nce/persistence';

export interface TimelineItem {
  at: string;
  kind: 'transition' | 'job' | 'partner_center' | 'webhook' | 'operator';
  [field: string]: unknown;
}

const MAX_ROWS = 2_000;

/**
 * The operator's view of one order (DESIGN.md section 8): its state transitions (order_events),
 * what happened around them (order_timeline: job attempts, Partner Center calls, webhooks) and
 * operator actions (audit_log), merged in time order.
 */
export class OrderTimelineQuery {
  constructor(private readonly deps: { db: SqlExecutor; queries: OrderQueries; audit: SqlAuditLog }) {}

  async execute(principal: Principal, orderId: string): Promise<{ items: TimelineItem[] }> {
    const order = await this.deps.queries.get(principal, orderId);
    const [events, rows, audits] = await Promise.all([
      this.deps.queries.events(principal, order.id, 0),
      this.deps.db.query<Array<{ id: number; at: Date | string; kind: TimelineItem['kind']; data: unknown }>>('SELECT id, at, kind, data FROM order_timeline WHERE order_id = ? ORDER BY at, id LIMIT ?', [order.id, MAX_ROWS]),
      this.deps.audit.list({ targetType: 'order', targetId: order.id, limit: MAX_ROWS }),
    ]);
    const items: Array<TimelineItem & { time: number }> = [
      ...events.map((event) => ({
        time: event.occurredAt.getTime(),
        at: event.occurredAt.toISOString(),
        kind: 'transition' as const,
        sequence: event.sequence,
        type: event.type,
        status: event.data.status ?? null,
        step: event.data.step ?? null,
      })),
      ...rows.map((row) => {
        const at = fromSqlTime(row.at);
        const data = (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>;
        return { ...data, time: at.getTime(), at: at.toISOString(), kind: row.kind };
      }),
      ...audits.map((record) => ({
        time: record.at.getTime(),
        at: record.at.toISOString(),
        kind: 'operator' as const,
        action: record.action,
        actorKeyId: record.actorKeyId,
        actorRole: record.actorRole,
        details: record.details ?? {},
      })),
    ];
    // Stable: within one millisecond, sources keep their own order (events by sequence, rows by id).
    items.sort((a, b) => a.time - b.time);
    return { items: items.map(({ time: _time, ...item }) => item) };
  }
}
