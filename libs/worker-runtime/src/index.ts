export { createWorkerContext, type WorkerContext } from './worker-context';
export { runWorker, type WorkerComposition } from './run-worker';
export { MeasuredRunOrderStep, createWorkerMetrics, jobMetricsObserver } from './worker-metrics';
export { loadConfigOrExit } from '@nce/config';
