import type { OrderEvent, OrderEventSink } from '@nce/orders';
import type { SubscriptionChangeEvent } from '../domain/subscription-change.model';
import type { ChangeEventSink, SubscriptionChangeEventStore } from './subscription-changes.ports';

/**
 * Change events in the shape the live-event hub, the SSE writer and the Redis wake-ups already
 * handle (keyed by id and sequence; `orderId` carries the change id). The wake-up channel is shared
 * with orders, because a wake-up only says "id X reached sequence N".
 */
export function asStreamEvent(event: SubscriptionChangeEvent): OrderEvent {
  return {
    orderId: event.changeId,
    sequence: event.sequence,
    type: event.type as unknown as OrderEvent['type'],
    occurredAt: event.occurredAt,
    data: event.data,
  };
}

/** After commit: one wake-up per change on the process-wide channel (best effort, like orders). */
export function changeWakeups(sink: OrderEventSink): ChangeEventSink {
  return { committed: (events) => sink.committed(events.map(asStreamEvent)) };
}

/** The change events as the live-event hub reads them (its reader port, structurally). */
export function changeEventFeed(
  events: Pick<SubscriptionChangeEventStore, 'list'> & { lastSequences(changeIds: readonly string[]): Promise<Map<string, number>> },
) {
  return {
    listAfter: async (changeId: string, afterSequence: number, limit: number): Promise<OrderEvent[]> =>
      (await events.list(changeId, afterSequence, limit)).map(asStreamEvent),
    lastSequences: (changeIds: readonly string[]): Promise<Map<string, number>> => events.lastSequences(changeIds),
  };
}
