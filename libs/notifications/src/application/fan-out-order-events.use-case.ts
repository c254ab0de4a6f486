import { type OutboxWriter, SQL_OUTBOX } from '@nce/messaging';
import type { SqlExecutor, UnitOfWork } from '@nce/persistence';
import { orderEventMessageId, webhookBody } from '../domain/webhook-delivery.model';
import { wantsEvent } from '../domain/webhook-endpoint.model';
import { deliverCommand, newDelivery } from './delivery-commands';
import type { OrderEventScanStore, ScannedEvent, WebhookDeliveryRepository, WebhookEndpointRepository } from './notifications.ports';

interface Gap {
  from: number;
  to: number;
  firstSeenMs: number;
}

interface ScanState {
  head: number;
  gaps: Gap[];
  /** Ids inside open gaps already fanned out (found late), so a gap re-read does not repeat them. */
  handled: Set<number>;
}

/**
 * Finds new order events for partner webhooks by scanning `order_events.id`, which commit OUT OF
 * ORDER: id 7 may become visible after id 8. So the scan keeps a head (highest id seen) apart from
 * the persisted watermark (every id at or below it handled), and remembers the gaps in between.
 * A gap is re-read each pass; once older than the grace period it is probed with a NOWAIT locking
 * read: an uncommitted insert still holds its row lock (keep waiting), otherwise the ids were rolled
 * back and the gap closes after one more read. Re-scans (restart, another replica) are harmless: a
 * delivery exists at most once per (event, endpoint), checked here and enforced by a UNIQUE key.
 * One replica scans at a time (the cursor row is locked FOR UPDATE SKIP LOCKED).
 */
export class FanOutOrderEvents {
  private state: ScanState | null = null;

  constructor(
    private readonly deps: {
      unitOfWork: UnitOfWork;
      outbox?: OutboxWriter;
      scan: OrderEventScanStore;
      endpoints: WebhookEndpointRepository;
      deliveries: WebhookDeliveryRepository;
      batchSize: number;
      gapGraceMs: number;
      clock?: () => Date;
      onDeliveries?: (count: number) => void;
    },
  ) {}

  /** One pass; returns how many new events it scanned (the caller drains while that is a full batch). */
  async pass(): Promise<number> {
    const now = this.deps.clock?.() ?? new Date();
    const settled = await this.probeAgedGaps(now);
    const result = await this.deps.unitOfWork.transaction(async (tx) => {
      const watermark = await this.deps.scan.lockCursor(tx);
      if (watermark === null) return null;
      // Work on a copy: the in-memory state changes only if this transaction commits.
      const previous = this.state && this.state.head >= watermark ? this.state : { head: watermark, gaps: [], handled: new Set<number>() };
      const next: ScanState = {
        head: previous.head,
        gaps: previous.gaps.filter((gap) => gap.to > watermark).map((gap) => ({ ...gap, from: Math.max(gap.from, watermark + 1) })),
        handled: new Set(previous.handled),
      };
      const fresh = await this.deps.scan.eventsAfter(tx, next.head, this.deps.batchSize);
      for (const event of fresh) {
        if (event.id > next.head + 1) next.gaps.push({ from: next.head + 1, to: event.id - 1, firstSeenMs: now.getTime() });
        next.head = event.id;
      }
      const late = await this.recheckGaps(tx, next, settled);
      const created = await this.fanOut(tx, [...fresh, ...late], now);
      const newWatermark = next.gaps.length > 0 ? Math.min(...next.gaps.map((gap) => gap.from)) - 1 : next.head;
      if (newWatermark > watermark) await this.deps.scan.saveCursor(tx, newWatermark, now);
      for (const id of [...next.handled]) if (id <= newWatermark) next.handled.delete(id);
      return { next, scanned: fresh.length, created };
    });
    if (!result) return 0;
    this.state = result.next;
    if (result.created > 0) this.deps.onDeliveries?.(result.created);
    return result.scanned;
  }

  /** Open gaps still waiting (visible for metrics and tests). */
  openGaps(): number {
    return this.state?.gaps.length ?? 0;
  }

  /** Gaps (by their last id) old enough and no longer held by any uncommitted transaction. */
  private async probeAgedGaps(now: Date): Promise<Set<number>> {
    const aged = (this.state?.gaps ?? []).filter((gap) => now.getTime() - gap.firstSeenMs >= this.deps.gapGraceMs);
    const settled = new Set<number>();
    if (aged.length === 0) return settled;
    await this.deps.unitOfWork.transaction(async (tx) => {
      for (const gap of aged) if (await this.deps.scan.rangeSettled(tx, gap.from, gap.to)) settled.add(gap.to);
    });
    return settled;
  }

  // Reads every open gap (a consistent read that starts after the probe committed, so it sees every
  // row the probe found settled) and closes the settled ones.
  private async recheckGaps(tx: SqlExecutor, state: ScanState, settled: Set<number>): Promise<ScannedEvent[]> {
    const late: ScannedEvent[] = [];
    const open: Gap[] = [];
    for (const gap of state.gaps) {
      for (const row of await this.deps.scan.eventsBetween(tx, gap.from, gap.to)) {
        if (state.handled.has(row.id)) continue;
        state.handled.add(row.id);
        late.push(row);
      }
      const inGap = [...state.handled].filter((id) => id >= gap.from && id <= gap.to);
      // Closed when every id has shown up, or when the probe found nothing still being written.
      if (inGap.length === gap.to - gap.from + 1 || settled.has(gap.to)) for (const id of inGap) state.handled.delete(id);
      else open.push(gap);
    }
    state.gaps = open;
    return late;
  }

  private async fanOut(tx: SqlExecutor, events: ScannedEvent[], now: Date): Promise<number> {
    if (events.length === 0) return 0;
    const endpoints = await this.deps.endpoints.listActiveForPartners(tx, [...new Set(events.map((event) => event.partnerId))]);
    if (endpoints.length === 0) return 0;
    const existing = await this.deps.deliveries.existingForEvents(
      tx,
      events.map((event) => event.id),
    );
    const deliveries = events.flatMap((event) =>
      endpoints
        // An endpoint receives the events that happened after it was created, whatever the scan lag.
        .filter(
          (endpoint) =>
            endpoint.partnerId === event.partnerId && wantsEvent(endpoint, event.type) && endpoint.createdAt <= event.occurredAt,
        )
        .filter((endpoint) => !existing.has(`${event.id}:${endpoint.id}`))
        .map((endpoint) =>
          newDelivery(
            event.webhook
              ? {
                  endpointId: endpoint.id,
                  partnerId: endpoint.partnerId,
                  eventId: event.id,
                  orderId: null,
                  messageId: event.webhook.messageId,
                  eventType: event.type,
                  body: event.webhook.body,
                }
              : {
                  endpointId: endpoint.id,
                  partnerId: endpoint.partnerId,
                  eventId: event.id,
                  orderId: event.orderId,
                  messageId: orderEventMessageId(event.orderId, event.sequence),
                  eventType: event.type,
                  body: webhookBody(event),
                },
            now,
          ),
        ),
    );
    if (deliveries.length === 0) return 0;
    await this.deps.deliveries.insertMany(tx, deliveries);
    await (this.deps.outbox ?? SQL_OUTBOX).write(
      tx,
      deliveries.map((delivery) => deliverCommand(delivery, 1)),
      now,
    );
    return deliveries.length;
  }
}
