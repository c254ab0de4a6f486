export { createLogger, type Logger } from './logger';
export { probe, startHealthServer, type HealthReport, type HealthServer } from './health-server';
export { BREAKER_STATE_VALUE, QUEUE_STATES, registerNceMetrics, type BreakerStateName, type NceMetrics, type QueueState } from './metrics';
export { MetricsRecorder, type JobOutcomeLabel, type MetricSources, type ObservedCall } from './metrics.recorder';
export { queueMetricSource, sqlMetricSources, type MetricsQueue, type MetricsSqlExecutor } from './metric.sources';
