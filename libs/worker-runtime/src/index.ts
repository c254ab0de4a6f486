export { createWorkerContext, type WorkerContext } from './worker-context';
export { loadConfigOrExit, runWorker } from './run-worker';
