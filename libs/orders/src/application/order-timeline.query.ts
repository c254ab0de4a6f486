import type { Principal } from '@nce/contracts';
import type { SqlAuditLog } from '@nce/persistence';
import type { OrderQueries } from './order-queries';

/** What happened around an order's transitions (job attempts, Partner Center calls, webhooks), oldest first. */
export interface TimelineReader {
  entries(orderId: string, limit: number): Promise<Array<{ at: Date; kind: TimelineItem['kind']; data: Record<string, unknown> }>>;
}

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
  constructor(private readonly deps: { timeline: TimelineReader; queries: OrderQueries; audit: Pick<SqlAuditLog, 'list'> }) {}

  async execute(principal: Principal, orderId: string): Promise<{ items: TimelineItem[] }> {
    const order = await this.deps.queries.get(principal, orderId);
    const [events, rows, audits] = await Promise.all([
      this.deps.queries.events(principal, order.id, 0),
      this.deps.timeline.entries(order.id, MAX_ROWS),
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
      ...rows.map((row) => ({ ...row.data, time: row.at.getTime(), at: row.at.toISOString(), kind: row.kind })),
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
