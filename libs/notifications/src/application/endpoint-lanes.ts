interface Lane {
  inFlight: number;
  waiting: Array<(granted: boolean) => void>;
  /** Moving average of how long a request holds a lane (ms). */
  averageMs: number;
  /** Jobs sent away and not yet due back, drained at the current pace (a leaky bucket). */
  away: number;
  awayAt: number;
}

// Optimistic until measured: a fast endpoint (the common case) keeps its lanes fed from the start;
// a slow one is recognised after a few requests (the average moves 20 % per sample).
const INITIAL_AVERAGE_MS = 20;
// How long a job may wait in this process for a lane of its endpoint before it is sent away instead.
const TARGET_WAIT_MS = 2_000;
const MIN_DEFER_MS = 50;
const MAX_DEFER_MS = 30_000;

/**
 * Requests in flight per endpoint in this process (`limit` lanes). A job waits (FIFO) for a lane
 * while the expected wait is short (about 2 s at the endpoint's observed pace, and never more than
 * `maxWaiting` jobs); otherwise it is sent away for about the time the queue ahead needs to drain.
 * So a fast endpoint's backlog keeps its lanes busy without touching Redis, while a slow or hanging
 * partner holds only a few job slots and other partners' deliveries keep flowing.
 */
export class EndpointLanes {
  private readonly lanes = new Map<string, Lane>();
  private closed = false;

  constructor(
    private readonly limit: number,
    private readonly maxWaiting: number,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  /** A release function once a lane is free; null when this job should come back later (see deferMs). */
  async acquire(endpointId: string): Promise<(() => void) | null> {
    const lane = this.lane(endpointId);
    if (this.closed) return null;
    if (lane.inFlight >= this.limit) {
      if (lane.waiting.length >= this.waitingAllowed(lane)) return null;
      // The releasing job hands its lane over directly (inFlight stays the same).
      if (!(await new Promise<boolean>((resolve) => lane.waiting.push(resolve)))) return null;
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

  /**
   * How long a job refused by `acquire` should stay away: the time the jobs ahead of it (waiting here,
   * and sent away before it) need at the current pace, so each comes back about when it can run.
   */
  deferMs(endpointId: string): number {
    const lane = this.lane(endpointId);
    const now = this.clock();
    const perJobMs = lane.averageMs / this.limit;
    lane.away = Math.max(0, lane.away - (now - lane.awayAt) / Math.max(0.01, perJobMs));
    lane.awayAt = now;
    const drainMs = (lane.waiting.length + lane.away + 1) * perJobMs;
    lane.away += 1;
    // The pace measured during a burst is pessimistic (this process is busy taking the burst in): never
    // send a job further than a few requests' time, so a misjudged one is back soon; a job back too
    // early costs only another refusal, while one sent too far leaves the lanes idle.
    const ceilingMs = Math.min(MAX_DEFER_MS, Math.max(1_000, lane.averageMs * 4));
    return Math.round(Math.min(ceilingMs, Math.max(MIN_DEFER_MS, drainMs)) * (0.9 + Math.random() * 0.2));
  }

  /** Shutdown: every waiting job is refused at once (its job goes back to the queue), new ones too. */
  close(): void {
    this.closed = true;
    for (const lane of this.lanes.values()) for (const waiter of lane.waiting.splice(0)) waiter(false);
  }

  busy(): number {
    let total = 0;
    for (const lane of this.lanes.values()) total += lane.inFlight;
    return total;
  }

  private waitingAllowed(lane: Lane): number {
    return Math.min(this.maxWaiting, Math.floor((this.limit * TARGET_WAIT_MS) / Math.max(1, lane.averageMs)));
  }

  private lane(endpointId: string): Lane {
    let lane = this.lanes.get(endpointId);
    if (!lane) {
      lane = { inFlight: 0, waiting: [], averageMs: INITIAL_AVERAGE_MS, away: 0, awayAt: this.clock() };
      this.lanes.set(endpointId, lane);
    }
    return lane;
  }

  private release(endpointId: string, lane: Lane): void {
    const next = lane.waiting.shift();
    if (next) return next(true);
    lane.inFlight -= 1;
    // The pace is kept for a while: it decides how long the next burst may wait here.
    if (lane.inFlight <= 0 && this.lanes.size > 10_000) this.lanes.delete(endpointId);
  }
}
