import type { JobObserver, QueueRegistry } from '@nce/messaging';
import { type BreakerStateName, MetricsRecorder, queueMetricSource, sqlMetricSources, type MetricsSqlExecutor } from '@nce/observability';
import type { Registry } from 'prom-client';

export type BreakerSource = () => Array<{ name: string; state: BreakerStateName }>;

/**
 * The worker's nce_* series: queue depth, orders, outbox and webhook gauges sampled at scrape time;
 * breaker states from `breakers` (pushed on change by the client, re-read at scrape).
 */
export function createWorkerMetrics(
  registry: Registry,
  deps: { db: MetricsSqlExecutor; queues: QueueRegistry; breakers: BreakerSource },
): MetricsRecorder {
  return new MetricsRecorder(registry, {
    ...sqlMetricSources(deps.db),
    queueCounts: queueMetricSource(() => deps.queues.all()),
    breakers: deps.breakers,
  });
}

/** Pass to `new WorkerHost({ observer })`: job latency and outcomes per job name. */
export function jobMetricsObserver(metrics: Pick<MetricsRecorder, 'jobCompleted' | 'jobFailed' | 'jobDelayed'>): JobObserver {
  return {
    completed: (name, durationMs) => metrics.jobCompleted(name, durationMs),
    failed: (name, _error, final) => metrics.jobFailed(name, final),
    delayed: (name, reason) => metrics.jobDelayed(name, reason),
  };
}
