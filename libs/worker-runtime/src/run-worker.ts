import { loadConfigOrExit } from '@nce/config';
import { WorkerProcess, type WorkerHost } from '@nce/messaging';
import { type WorkerContext, createWorkerContext } from './worker-context';

const SHUTDOWN_GRACE_MS = 25_000;

/**
 * The main() of every worker: compose, wait for MySQL and Redis, consume, expose health/metrics,
 * and on SIGTERM/SIGINT stop taking jobs and let running ones finish (25 s), then exit.
 */
export async function runWorker(name: string, compose: (context: WorkerContext) => WorkerHost[] | Promise<WorkerHost[]>, options: Parameters<typeof createWorkerContext>[2] = {}): Promise<void> {
  const config = loadConfigOrExit();
  const context = await createWorkerContext(name, config, options);
  const hosts = await compose(context);
  const worker = new WorkerProcess(name, { config, dataSource: context.dataSource, queues: context.queues, hosts, registry: context.registry, logger: context.logger });
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    context.logger.info({ signal }, `${name} stopping`);
    const force = setTimeout(() => {
      context.logger.error(`${name} did not stop within ${SHUTDOWN_GRACE_MS} ms; exiting (stalled jobs are picked up again)`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    await worker.stop();
    await context.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  context.relay.start();
  const url = await worker.start();
  context.logger.info({ url }, `${name} consuming`);
  process.stdout.write(`${name} listening on ${url} (health, metrics); ready\n`);
}
