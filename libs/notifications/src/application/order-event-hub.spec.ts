import type { OrderEvent } from '@nce/orders';
import { waitFor } from '@nce/testing/fakes';
import { type EventStreamSink, OrderEventHub, type OrderEventReader } from './order-event-hub';

const ORDER = '0b8f8a52-4c1e-4a57-9d6b-0f0e1c2d3a4b';

class MemoryEvents implements OrderEventReader {
  readonly events: OrderEvent[] = [];
  reads = 0;
  /** Reads started and not yet answered: 0 once the hub has read all it was asked to. */
  inFlight = 0;

  add(count: number): void {
    for (let index = 0; index < count; index += 1) {
      this.events.push({ orderId: ORDER, sequence: this.events.length + 1, type: 'order.progressed', occurredAt: new Date(), data: {} });
    }
  }

  async listAfter(_orderId: string, after: number, limit: number): Promise<OrderEvent[]> {
    this.reads += 1;
    this.inFlight += 1;
    await Promise.resolve();
    this.inFlight -= 1;
    return this.events.filter((event) => event.sequence > after).slice(0, limit);
  }

  async lastSequences(): Promise<Map<string, number>> {
    return new Map([[ORDER, this.events.length]]);
  }
}

function collector(): EventStreamSink & { sequences: number[]; ended: boolean } {
  const sink = {
    sequences: [] as number[],
    ended: false,
    send: (events: readonly OrderEvent[]) => sink.sequences.push(...events.map((e) => e.sequence)),
    heartbeat: () => undefined,
    end: () => (sink.ended = true),
  };
  return sink;
}

/** Waits until the hub has read everything it was woken for (no read in flight). */
const settle = (events: MemoryEvents): Promise<boolean> =>
  waitFor(() => events.inFlight === 0, { intervalMs: 1, what: 'the hub to finish reading' });

describe('order event hub (SSE fan-out)', () => {
  it('replays after the last event id, then delivers live events without gaps or repeats', async () => {
    const events = new MemoryEvents();
    events.add(3);
    const hub = new OrderEventHub(events, { heartbeatMs: 60_000, sweepMs: 60_000 });
    const fromStart = collector();
    const resumed = collector();
    hub.follow(ORDER, 0, fromStart);
    hub.follow(ORDER, 2, resumed);
    await settle(events);
    events.add(2);
    hub.wake(ORDER, 5);
    hub.wake(ORDER, 5);
    await settle(events);
    expect(fromStart.sequences).toEqual([1, 2, 3, 4, 5]);
    expect(resumed.sequences).toEqual([3, 4, 5]);
  });

  it('reads MySQL once per wake-up for the order, whatever the number of streams', async () => {
    const events = new MemoryEvents();
    const hub = new OrderEventHub(events, { heartbeatMs: 60_000, sweepMs: 60_000 });
    const sinks = Array.from({ length: 1_000 }, () => collector());
    for (const sink of sinks) hub.follow(ORDER, 0, sink);
    await settle(events);
    const before = events.reads;
    events.add(1);
    hub.wake(ORDER, 1);
    await settle(events);
    expect(events.reads - before).toBeLessThanOrEqual(2);
    expect(sinks.every((sink) => sink.sequences.join() === '1')).toBe(true);
  });

  it('ignores a wake-up the streams have already seen', async () => {
    const events = new MemoryEvents();
    events.add(1);
    const hub = new OrderEventHub(events, { heartbeatMs: 60_000, sweepMs: 60_000 });
    hub.follow(ORDER, 0, collector());
    await settle(events);
    const before = events.reads;
    hub.wake(ORDER, 1);
    await settle(events);
    expect(events.reads).toBe(before);
  });

  it('catches up through the sweep when a wake-up was lost', async () => {
    const events = new MemoryEvents();
    const hub = new OrderEventHub(events, { heartbeatMs: 60_000, sweepMs: 60_000 });
    const sink = collector();
    hub.follow(ORDER, 0, sink);
    await settle(events);
    events.add(2);
    await hub.sweep();
    await settle(events);
    expect(sink.sequences).toEqual([1, 2]);
  });

  it('reads long histories in batches', async () => {
    const events = new MemoryEvents();
    events.add(1_234);
    const hub = new OrderEventHub(events, { heartbeatMs: 60_000, sweepMs: 60_000, batchSize: 500 });
    const sink = collector();
    hub.follow(ORDER, 0, sink);
    await settle(events);
    expect(sink.sequences).toHaveLength(1_234);
    expect(sink.sequences[1_233]).toBe(1_234);
  });

  it('sends heartbeats and ends every stream on close', async () => {
    const events = new MemoryEvents();
    const hub = new OrderEventHub(events, { heartbeatMs: 10, sweepMs: 60_000 });
    let beats = 0;
    const sink = collector();
    sink.heartbeat = () => (beats += 1);
    hub.start();
    hub.follow(ORDER, 0, sink);
    await waitFor(() => beats >= 2, { intervalMs: 5, what: 'two heartbeats' });
    hub.close();
    expect(sink.ended).toBe(true);
    expect(hub.streams).toBe(0);
  });

  it('forgets a stream once it unfollows', async () => {
    const events = new MemoryEvents();
    const hub = new OrderEventHub(events, { heartbeatMs: 60_000, sweepMs: 60_000 });
    const sink = collector();
    const unfollow = hub.follow(ORDER, 0, sink);
    await settle(events);
    unfollow();
    events.add(1);
    hub.wake(ORDER, 1);
    await settle(events);
    expect(sink.sequences).toEqual([]);
    expect(hub.streams).toBe(0);
  });
});
