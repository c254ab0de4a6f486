import { loadConfigOrExit } from '@nce/config';
import { WorkerProcess, type WorkerHost } from '@nce/messaging';
import { type WorkerPlatform, createWorkerPlatform } from './worker-platform';

const SHUTDOWN_GRACE_MS = 25_000;

/** What a worker app composes: its queue consumers and, optionally, background loops around them. */
export interface WorkerComposition {
  hosts: WorkerHost[];
  /** Starts background loops once consuming. */
  start?(): Promise<void>;
  /** Stops producing work before the consumers stop (shutdown, first phase). */
  stopIntake?(): Promise<void>;
  /** Releases what the loops hold after the consumers stopped. */
  close?(): void;
  readiness?(): Record<string, unknown>;
}

/**
 * The main() of every worker: compose, wait for MySQL and Redis, consume, expose health/metrics,
 * and on SIGTERM/SIGINT stop taking jobs and let running ones finish (25 s), then exit.
 */
export async function runWorker(
  name: string,
  compose: (platform: WorkerPlatform) => WorkerHost[] | WorkerComposition | Promise<WorkerHost[] | WorkerComposition>,
): Promise<void> {
  try {
    await startWorker(name, compose);
  } catch (error) {
    // One readable line (the supervisor prints a dying process's last lines), then the stack for detail.
    process.stderr.write(`${name} failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  }
}

async function startWorker(
  name: string,
  compose: (platform: WorkerPlatform) => WorkerHost[] | WorkerComposition | Promise<WorkerHost[] | WorkerComposition>,
): Promise<void> {
  const config = loadConfigOrExit();
  const context = await createWorkerPlatform(name, config);
  const composed = await compose(context);
  const composition: WorkerComposition = Array.isArray(composed) ? { hosts: composed } : composed;
  const worker = new WorkerProcess(name, {
    config,
    dataSource: context.dataSource,
    queues: context.queues,
    hosts: composition.hosts,
    registry: context.registry,
    logger: context.logger,
    extraReadiness: composition.readiness,
  });
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
    await composition.stopIntake?.();
    await worker.stop();
    composition.close?.();
    await context.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  context.relay.start();
  const url = await worker.start();
  await composition.start?.();
  context.logger.info({ url }, `${name} consuming`);
  process.stdout.write(`${name} listening on ${url} (health, metrics); ready\n`);
}
