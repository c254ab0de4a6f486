import type { OrderEvent } from '@nce/orders';

/** Reads MySQL, the source of truth: the hub never trusts a wake-up for content. */
export interface OrderEventReader {
  listAfter(orderId: string, afterSequence: number, limit: number): Promise<OrderEvent[]>;
  /** Each order's last committed sequence (orders with no row are absent). */
  lastSequences(orderIds: readonly string[]): Promise<Map<string, number>>;
}

/** One open stream (an SSE connection). */
export interface EventStreamSink {
  send(events: readonly OrderEvent[]): void;
  heartbeat(): void;
  end(): void;
}

interface Follower {
  sink: EventStreamSink;
  lastSent: number;
}

interface Channel {
  followers: Set<Follower>;
  reading: boolean;
  again: boolean;
}

const SWEEP_CHUNK = 500;

/**
 * Live order events for the open streams of this process. Wake-ups (Redis pub/sub, one subscriber
 * per process) say "order X reached sequence N"; the hub then reads the missing events ONCE per
 * order, whatever the number of streams on it, and hands each stream the events after its own last
 * one, in order, without gaps or repeats. A slow sweep (one query per 500 followed orders) catches
 * wake-ups that were lost, so a lost message only delays.
 */
export class OrderEventHub {
  private readonly channels = new Map<string, Channel>();
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(
    private readonly reader: OrderEventReader,
    private readonly options: { heartbeatMs: number; sweepMs: number; batchSize?: number; onError?: (error: unknown) => void },
  ) {}

  start(): void {
    this.heartbeatTimer ??= setInterval(() => this.heartbeat(), this.options.heartbeatMs);
    this.sweepTimer ??= setInterval(() => void this.sweep(), this.options.sweepMs);
  }

  /** Ends every stream (shutdown: clients reconnect elsewhere with Last-Event-ID). */
  close(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.heartbeatTimer = null;
    this.sweepTimer = null;
    for (const channel of this.channels.values()) for (const follower of channel.followers) follower.sink.end();
    this.channels.clear();
  }

  get streams(): number {
    let total = 0;
    for (const channel of this.channels.values()) total += channel.followers.size;
    return total;
  }

  /** Replays the events after `afterSequence`, then follows live; returns the unfollow function. */
  follow(orderId: string, afterSequence: number, sink: EventStreamSink): () => void {
    let channel = this.channels.get(orderId);
    if (!channel) {
      channel = { followers: new Set(), reading: false, again: false };
      this.channels.set(orderId, channel);
    }
    const follower: Follower = { sink, lastSent: afterSequence };
    channel.followers.add(follower);
    void this.catchUp(orderId);
    return () => {
      const current = this.channels.get(orderId);
      if (!current) return;
      current.followers.delete(follower);
      if (current.followers.size === 0) this.channels.delete(orderId);
    };
  }

  /** A wake-up: order `orderId` committed events up to `sequence`. */
  wake(orderId: string, sequence: number): void {
    const channel = this.channels.get(orderId);
    if (channel && this.behind(channel, sequence)) void this.catchUp(orderId);
  }

  /** Compares every followed order with MySQL and catches up the ones behind. */
  async sweep(): Promise<void> {
    if (this.sweeping || this.channels.size === 0) return;
    this.sweeping = true;
    try {
      const ids = [...this.channels.keys()];
      for (let index = 0; index < ids.length; index += SWEEP_CHUNK) {
        const last = await this.reader.lastSequences(ids.slice(index, index + SWEEP_CHUNK));
        for (const [orderId, sequence] of last) this.wake(orderId, sequence);
      }
    } catch (error) {
      this.options.onError?.(error);
    } finally {
      this.sweeping = false;
    }
  }

  private behind(channel: Channel, sequence: number): boolean {
    for (const follower of channel.followers) if (follower.lastSent < sequence) return true;
    return false;
  }

  private heartbeat(): void {
    for (const channel of this.channels.values()) for (const follower of channel.followers) follower.sink.heartbeat();
  }

  private async catchUp(orderId: string): Promise<void> {
    const channel = this.channels.get(orderId);
    if (!channel) return;
    if (channel.reading) {
      channel.again = true;
      return;
    }
    channel.reading = true;
    const batch = this.options.batchSize ?? 500;
    try {
      do {
        channel.again = false;
        if (channel.followers.size === 0) break;
        let from = Math.min(...[...channel.followers].map((follower) => follower.lastSent));
        for (;;) {
          const events = await this.reader.listAfter(orderId, from, batch);
          this.dispatch(channel, events);
          if (events.length < batch) break;
          from = events[events.length - 1].sequence;
        }
      } while (channel.again && channel.followers.size > 0);
    } catch (error) {
      // The stream stays open; the next wake-up or sweep reads again.
      this.options.onError?.(error);
    } finally {
      channel.reading = false;
    }
  }

  private dispatch(channel: Channel, events: readonly OrderEvent[]): void {
    if (events.length === 0) return;
    for (const follower of channel.followers) {
      const next: OrderEvent[] = [];
      let expected = follower.lastSent + 1;
      // Only the contiguous run after the follower's last event: never a gap, never a repeat.
      for (const event of events) {
        if (event.sequence < expected) continue;
        if (event.sequence !== expected) break;
        next.push(event);
        expected += 1;
      }
      if (next.length === 0) continue;
      follower.lastSent = next[next.length - 1].sequence;
      follower.sink.send(next);
    }
  }
}
