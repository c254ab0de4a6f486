import type { OrderEvent } from '../domain/order-event.model';

/**
 * Told about events after their transaction committed (never before: a rolled-back event must not
 * be announced). Used to wake live listeners (SSE fan-out through Redis); best effort, because
 * readers always fetch the events themselves from MySQL by sequence.
 */
export interface OrderEventSink {
  committed(events: readonly OrderEvent[]): void;
}

export const NO_EVENT_SINK: OrderEventSink = { committed: () => undefined };
