import type { AppConfig } from '@nce/config';
import { type JobObserver, OutboxRelay, QueueRegistry, claimQueuePrefix } from '@nce/messaging';
import { createLogger, type Logger, type MetricsRecorder } from '@nce/observability';
import { SecretBox, UnitOfWork, createDataSource, readInstallation } from '@nce/persistence';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';
import { type BreakerSource, createWorkerMetrics, jobMetricsObserver } from './worker-metrics';

/**
 * What every worker process has before it composes its contexts: config, logs, metrics, MySQL,
 * Redis queues and the outbox relay. The contexts themselves come from their libs' factories
 * (createOrdersContext, createAccountsContext, ...) in each worker's main.
 */
export interface WorkerPlatform {
  name: string;
  config: AppConfig;
  logger: Logger;
  registry: Registry;
  metrics: MetricsRecorder;
  /** Job latency and outcome series: pass as `observer` to every WorkerHost of the process. */
  jobObserver: JobObserver;
  dataSource: DataSource;
  unitOfWork: UnitOfWork;
  queues: QueueRegistry;
  relay: OutboxRelay;
  secretBox: SecretBox;
  /** Breaker states sampled at scrape time (the Partner Center client's, once opened). */
  watchBreakers(source: BreakerSource): void;
  /** Runs at shutdown once the consumers stopped, before the queues and MySQL close (e.g. flush buffers). */
  onClose(hook: () => Promise<void> | void): void;
  close(): Promise<void>;
}

export async function createWorkerPlatform(name: string, config: AppConfig): Promise<WorkerPlatform> {
  const logger = createLogger(config.log, name);
  const registry = new Registry();
  registry.setDefaultLabels({ process: name });
  // Event-loop lag sampled every 200 ms (prom-client's 10 ms default wakes an idle process 100 times a second).
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 200 });
  const dataSource = await createDataSource(config.database).initialize();
  const unitOfWork = new UnitOfWork(dataSource);
  const queues = new QueueRegistry(config.redis);
  // Before consuming anything: a prefix another database uses is refused (it would take that database's jobs).
  await claimQueuePrefix(queues.connection, config.redis.queuePrefix, await readInstallation(unitOfWork.executor, config.database.primary));
  const relay = new OutboxRelay(
    unitOfWork,
    queues,
    {
      pollMs: config.processing.outboxPollMs,
      idleMaxMs: config.processing.outboxIdleMaxMs,
      batchSize: config.processing.outboxBatchSize,
      timeScale: config.processing.timeScale,
    },
    {
      published: () => undefined,
      failed: (error) => logger.debug({ err: error }, 'outbox relay pass failed'),
    },
  );
  let breakers: BreakerSource = () => [];
  const metrics = createWorkerMetrics(registry, { db: unitOfWork.executor, queues, breakers: () => breakers() });
  const closeHooks: Array<() => Promise<void> | void> = [];
  return {
    name,
    config,
    logger,
    registry,
    metrics,
    jobObserver: jobMetricsObserver(metrics),
    dataSource,
    unitOfWork,
    queues,
    relay,
    secretBox: new SecretBox(config.security.encryptionKey.reveal()),
    watchBreakers: (source) => {
      breakers = source;
    },
    onClose: (hook) => void closeHooks.push(hook),
    close: async () => {
      await relay.stop();
      for (const hook of closeHooks) await hook();
      await queues.close();
      await dataSource.destroy();
    },
  };
}
