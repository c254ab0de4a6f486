export { createWorkerPlatform, type WorkerPlatform } from './worker-platform';
export { runWorker, type WorkerComposition } from './run-worker';
export { createWorkerMetrics, jobMetricsObserver, type BreakerSource } from './worker-metrics';
export { loadConfigOrExit } from '@nce/config';
