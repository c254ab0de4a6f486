import type { EventStreamSink, OrderEventHub, OrderEventReader } from '@nce/notifications';
import type { OrderEvent, OrderEventSink } from '@nce/orders';
import type { ChangeEventSink, SqlSubscriptionChangeEventStore, SubscriptionChangeEvent } from '@nce/subscriptions';

/**
 * Change events in the shape the live-event hub, the SSE writer and the Redis wake-ups already
 * handle (keyed by id and sequence; `orderId` carries the change id). One hub per event source; the
 * wake-up channel is shared, because a wake-up only says "id X reached sequence N".
 */
export function asStreamEvent(event: SubscriptionChangeEvent): OrderEvent {
  return { orderId: event.changeId, sequence: event.sequence, type: event.type as unknown as OrderEvent['type'], occurredAt: event.occurredAt, data: event.data };
}

export class SubscriptionChangeEventFeed implements OrderEventReader {
  constructor(private readonly events: SqlSubscriptionChangeEventStore) {}

  async listAfter(changeId: string, afterSequence: number, limit: number): Promise<OrderEvent[]> {
    return (await this.events.list(changeId, afterSequence, limit)).map(asStreamEvent);
  }

  lastSequences(changeIds: readonly string[]): Promise<Map<string, number>> {
    return this.events.lastSequences(changeIds);
  }
}

/** After commit: one wake-up per change on the process-wide channel (best effort, like orders). */
export function changeWakeups(sink: OrderEventSink): ChangeEventSink {
  return { committed: (events) => sink.committed(events.map(asStreamEvent)) };
}

/** A distinct injection token: the hub of subscription-change streams (the order hub is the class token). */
export const SUBSCRIPTION_CHANGE_HUB = Symbol('SUBSCRIPTION_CHANGE_HUB');
export type SubscriptionChangeHub = OrderEventHub;
export type { EventStreamSink };
