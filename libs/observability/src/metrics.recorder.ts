import type { Registry } from 'prom-client';
import { BREAKER_STATE_VALUE, type BreakerStateName, type NceMetrics, QUEUE_STATES, type QueueState, registerNceMetrics } from './metrics';

/** Where sampled gauges come from; each is read at scrape time (cached briefly), never on a hot path. */
export interface MetricSources {
  queueCounts?: () => Promise<Array<{ queue: string; counts: Partial<Record<QueueState, number>> }>>;
  ordersByStatus?: () => Promise<Record<string, number>>;
  outbox?: () => Promise<{ pending: number; oldestAgeSeconds: number }>;
  webhookDeliveries?: () => Promise<Record<string, number>>;
  breakers?: () => Array<{ name: string; state: BreakerStateName }>;
}

export interface ObservedCall {
  dependency: string;
  route: string;
  status: number | null;
  durationMs: number;
  errorCode?: string;
}

export type JobOutcomeLabel = 'completed' | 'failed' | 'dead' | 'throttled' | 'upstream_unavailable' | 'rerun';

// Two processes scraped at once must not double the MySQL/Redis work: samples live this long.
const SAMPLE_TTL_MS = 2_000;

/**
 * The one place that turns what a process observes into Prometheus series. Event methods are
 * cheap and never throw (metrics must not fail the work they describe); gauges backed by MySQL or
 * Redis are sampled when /metrics is scraped.
 */
export class MetricsRecorder {
  readonly metrics: NceMetrics;
  private sampledAt = Number.NEGATIVE_INFINITY;
  private sampling: Promise<void> | null = null;

  constructor(
    readonly registry: Registry,
    private readonly sources: MetricSources = {},
    private readonly now: () => number = Date.now,
  ) {
    this.metrics = registerNceMetrics(registry, () => this.sample());
  }

  jobCompleted(job: string, durationMs: number): void {
    this.metrics.jobDuration.observe({ job }, durationMs / 1000);
    this.metrics.jobOutcomes.inc({ job, outcome: 'completed' });
  }

  jobFailed(job: string, final: boolean): void {
    this.metrics.jobOutcomes.inc({ job, outcome: final ? 'dead' : 'failed' });
  }

  jobDelayed(job: string, reason: 'throttled' | 'upstream_unavailable' | 'rerun'): void {
    this.metrics.jobOutcomes.inc({ job, outcome: reason });
    if (reason === 'throttled') this.metrics.throttleWaits.inc({ reason: 'job_delayed' });
  }

  stepFinished(step: string, durationMs: number): void {
    this.metrics.stepDuration.observe({ step }, durationMs / 1000);
  }

  partnerCenterCall(call: ObservedCall): void {
    const status = call.status === null ? 'none' : String(call.status);
    this.metrics.partnerCenterCalls.inc({ dependency: call.dependency, route: call.route, status });
    this.metrics.partnerCenterCallDuration.observe({ dependency: call.dependency, route: call.route }, call.durationMs / 1000);
    if (call.status === 429) this.metrics.throttleWaits.inc({ reason: 'partner_center_429' });
    else if (call.errorCode === 'BUDGET_EXHAUSTED') this.metrics.throttleWaits.inc({ reason: 'request_budget' });
  }

  breakerChanged(dependency: string, state: BreakerStateName): void {
    this.metrics.breakerState.set({ dependency }, BREAKER_STATE_VALUE[state]);
  }

  /** Refreshes the sampled gauges (at most once per TTL); failures leave the last values. */
  async sample(): Promise<void> {
    if (this.now() - this.sampledAt < SAMPLE_TTL_MS) return;
    this.sampling ??= this.readSources().finally(() => {
      this.sampledAt = this.now();
      this.sampling = null;
    });
    await this.sampling;
  }

  private async readSources(): Promise<void> {
    const { queueCounts, ordersByStatus, outbox, webhookDeliveries, breakers } = this.sources;
    for (const breaker of breakers?.() ?? []) this.breakerChanged(breaker.name, breaker.state);
    await Promise.all([
      settle(queueCounts, (queues) => {
        for (const { queue, counts } of queues)
          for (const state of QUEUE_STATES) this.metrics.queueDepth.set({ queue, state }, counts[state] ?? 0);
      }),
      settle(ordersByStatus, (byStatus) => {
        this.metrics.orders.reset();
        for (const [status, count] of Object.entries(byStatus)) this.metrics.orders.set({ status }, count);
      }),
      settle(outbox, (state) => {
        this.metrics.outboxPending.set(state.pending);
        this.metrics.outboxLag.set(state.oldestAgeSeconds);
      }),
      settle(webhookDeliveries, (byOutcome) => {
        for (const [outcome, count] of Object.entries(byOutcome)) this.metrics.webhookDeliveries.set({ outcome }, count);
      }),
    ]);
  }
}

async function settle<T>(source: (() => Promise<T>) | undefined, apply: (value: T) => void): Promise<void> {
  if (!source) return;
  try {
    apply(await source());
  } catch {
    // deliberately ignored: a down dependency shows in /health/ready; the gauge keeps its last value
  }
}
