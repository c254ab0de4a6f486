interface Lane {
  inFlight: number;
  waiting: Array<() => void>;
  /** Moving average of how long a request holds a lane (ms). */
  averageMs: number;
  /** When the next job sent away for later should come back (epoch ms). */
  nextSlotAt: number;
}

// Optimistic on purpose: a job back too early is deferred again at the measured pace, while a job
// deferred too far leaves lanes idle.
const INITIAL_AVERAGE_MS = 10;
const MAX_DEFER_MS = 600_000;

/**
 * Requests in flight per endpoint in this process. A job waits (FIFO) for a free lane of its endpoint
 * while few others do; past `maxWaiting` it is sent away until a slot computed from the endpoint's
 * observed pace (average request time / lanes), each deferred job getting the next slot. So a slow or
 * hanging partner holds at most `limit + maxWaiting` job slots, other partners' deliveries keep
 * flowing, and a backlog comes back about once per job instead of bouncing through Redis.
 */
export class EndpointLanes {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly limit: number, private readonly maxWaiting = limit * 2, private readonly clock: () => number = () => Date.now()) {}

  /** A release function once a lane is free; null when too many jobs already wait for this endpoint. */
  async acquire(endpointId: string): Promise<(() => void) | null> {
    const lane = this.lane(endpointId);
    if (lane.inFlight >= this.limit) {
      if (lane.waiting.length >= this.maxWaiting) return null;
      // The releasing job hands its lane over directly (inFlight stays the same).
      await new Promise<void>((resolve) => lane.waiting.push(resolve));
    } else {
      lane.inFlight += 1;
    }
    const started = this.clock();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      lane.averageMs = lane.averageMs * 0.8 + (this.clock() - started) * 0.2;
      this.release(endpointId, lane);
    };
  }

  /** How long a job refused by `acquire` should wait before trying again. */
  deferMs(endpointId: string): number {
    const lane = this.lane(endpointId);
    const now = this.clock();
    const step = lane.averageMs / this.limit;
    const slot = Math.max(lane.nextSlotAt, now + step * (lane.waiting.length + 1));
    lane.nextSlotAt = slot + step;
    return Math.min(MAX_DEFER_MS, Math.max(1, Math.round(slot - now)));
  }

  busy(): number {
    let total = 0;
    for (const lane of this.lanes.values()) total += lane.inFlight;
    return total;
  }

  private lane(endpointId: string): Lane {
    let lane = this.lanes.get(endpointId);
    if (!lane) {
      lane = { inFlight: 0, waiting: [], averageMs: INITIAL_AVERAGE_MS, nextSlotAt: 0 };
      this.lanes.set(endpointId, lane);
    }
    return lane;
  }

  private release(endpointId: string, lane: Lane): void {
    const next = lane.waiting.shift();
    if (next) return next();
    lane.inFlight -= 1;
    // Kept while its pace is still useful for scheduling deferred jobs.
    if (lane.inFlight <= 0 && lane.nextSlotAt < this.clock()) this.lanes.delete(endpointId);
  }
}
