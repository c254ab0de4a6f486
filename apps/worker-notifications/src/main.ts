import 'reflect-metadata';
import { WorkerProcess } from '@nce/messaging';
import { createWorkerContext, loadConfigOrExit } from '@nce/worker-runtime';
import { composeNotifications } from './notifications.composition';

const NAME = 'worker-notifications';
const SHUTDOWN_GRACE_MS = 25_000;

/**
 * worker-notifications (headless): fans order events out to partner webhook deliveries, delivers
 * them, and re-drives deliveries whose job Redis lost. Only /health and /metrics listen.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const context = await createWorkerContext(NAME, config);
  const notifications = composeNotifications(context);
  const worker = new WorkerProcess(NAME, {
    config,
    dataSource: context.dataSource,
    queues: context.queues,
    hosts: [notifications.host],
    registry: context.registry,
    logger: context.logger,
    extraReadiness: () => notifications.readiness(),
  });
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    context.logger.info({ signal }, `${NAME} stopping`);
    const force = setTimeout(() => {
      context.logger.error(`${NAME} did not stop within ${SHUTDOWN_GRACE_MS} ms; exiting (stalled jobs are picked up again)`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    // Stop producing work first, then let in-flight deliveries (15 s timeout at most) finish.
    await notifications.stopIntake();
    await worker.stop();
    notifications.close();
    await context.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  context.relay.start();
  const url = await worker.start();
  await notifications.start();
  context.logger.info({ url }, `${NAME} consuming`);
  process.stdout.write(`${NAME} listening on ${url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${NAME} failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
