import type { OrderEvent, OrderEventSink } from '@nce/orders';
import type { Cluster, Redis } from 'ioredis';

/** The pub/sub channel of order wake-ups, under the queue prefix (one deployment, one channel). */
export function orderEventsChannel(queuePrefix: string): string {
  return `${queuePrefix}:order-events`;
}

/** Wake-up message: which order reached which sequence. Never the events themselves (MySQL has them). */
export interface OrderWakeup {
  orderId: string;
  sequence: number;
}

export function parseWakeup(message: string): OrderWakeup | null {
  try {
    const value = JSON.parse(message) as { o?: unknown; s?: unknown };
    if (typeof value.o !== 'string' || !/^[0-9a-f-]{36}$/i.test(value.o) || typeof value.s !== 'number' || !Number.isInteger(value.s))
      return null;
    return { orderId: value.o, sequence: value.s };
  } catch {
    return null;
  }
}

/**
 * OrderEventSink for every process that commits events (API and workers): after commit, publish one
 * small wake-up per order to Redis. Best effort by design: a lost message only delays live readers
 * until their safety sweep, and webhooks do not depend on it at all (they scan MySQL).
 */
export class RedisOrderEventSink implements OrderEventSink {
  private readonly channel: string;

  constructor(
    private readonly redis: Redis | Cluster,
    queuePrefix: string,
    private readonly onError?: (error: unknown) => void,
  ) {
    this.channel = orderEventsChannel(queuePrefix);
  }

  committed(events: readonly OrderEvent[]): void {
    if (events.length === 0) return;
    const highest = new Map<string, number>();
    for (const event of events) highest.set(event.orderId, Math.max(highest.get(event.orderId) ?? 0, event.sequence));
    for (const [orderId, sequence] of highest) {
      this.redis.publish(this.channel, JSON.stringify({ o: orderId, s: sequence })).catch((error: unknown) => this.onError?.(error));
    }
  }
}
