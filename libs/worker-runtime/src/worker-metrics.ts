import type { JobObserver, QueueRegistry } from '@nce/messaging';
import { MetricsRecorder, queueMetricSource, sqlMetricSources, type MetricsSqlExecutor } from '@nce/observability';
import { type OrderStep, RunOrderStep, type StepJob, type StepJobResult } from '@nce/orders';
import type { PartnerCenterClient } from '@nce/partner-center';
import type { Registry } from 'prom-client';

/**
 * The worker's nce_* series: queue depth, orders, outbox and webhook gauges sampled at scrape time;
 * breaker state from the client's registry (pushed on change, re-read at scrape).
 */
export function createWorkerMetrics(registry: Registry, deps: { db: MetricsSqlExecutor; queues: QueueRegistry; partnerCenter: () => PartnerCenterClient }): MetricsRecorder {
  return new MetricsRecorder(registry, {
    ...sqlMetricSources(deps.db),
    queueCounts: queueMetricSource(() => deps.queues.all()),
    breakers: () => deps.partnerCenter().breakers.snapshot().map((breaker) => ({ name: breaker.name, state: breaker.state })),
  });
}

/** Pass to `new WorkerHost({ observer })`: job latency and outcomes per job name. */
export function jobMetricsObserver(metrics: MetricsRecorder): JobObserver {
  return {
    completed: (name, durationMs) => metrics.jobCompleted(name, durationMs),
    failed: (name, _error, final) => metrics.jobFailed(name, final),
    delayed: (name, reason) => metrics.jobDelayed(name, reason),
  };
}

/** The step runner, timed: one observation per step attempt (including attempts that throw). */
export class MeasuredRunOrderStep extends RunOrderStep {
  constructor(deps: ConstructorParameters<typeof RunOrderStep>[0], private readonly metrics: MetricsRecorder) {
    super(deps);
  }

  override async execute(step: OrderStep, job: StepJob): Promise<StepJobResult> {
    const started = performance.now();
    try {
      return await super.execute(step, job);
    } finally {
      this.metrics.stepFinished(step, performance.now() - started);
    }
  }
}
