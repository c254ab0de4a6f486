import { SqlCustomerRepository, SqlPartnerRepository } from '@nce/accounts';
import { CatalogQuery, SqlCatalogRepository } from '@nce/catalog';
import type { AppConfig } from '@nce/config';
import { type JobObserver, OutboxRelay, QueueRegistry, claimQueuePrefix } from '@nce/messaging';
import { createLogger, type Logger, type MetricsRecorder } from '@nce/observability';
import { RedisOrderEventSink } from '@nce/notifications';
import { CommitOrderChange, type OrderEventSink, type RunOrderStep, type StepHandler, SqlOrderEventStore, SqlOrderRepository, SqlTimelineRecorder } from '@nce/orders';
import { type PartnerCenterClient, SqlRefreshTokenStore, createPartnerCenterClient, registerAuthenticationMetrics } from '@nce/partner-center';
import { SecretBox, UnitOfWork, createDataSource, readInstallation } from '@nce/persistence';
import type { Redis } from 'ioredis';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';
import { MeasuredRunOrderStep, createWorkerMetrics, jobMetricsObserver } from './worker-metrics';

/** Everything a provisioning worker composes its handlers from (the composition root's parts). */
export interface WorkerContext {
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
  partnerCenter: PartnerCenterClient;
  secretBox: SecretBox;
  customers: SqlCustomerRepository;
  partners: SqlPartnerRepository;
  orders: SqlOrderRepository;
  events: SqlOrderEventStore;
  commit: CommitOrderChange;
  catalog: CatalogQuery;
  timeline: SqlTimelineRecorder;
  eventSink: OrderEventSink;
  /** The step runner over the given handlers (workers own different steps). */
  stepRunner(handlers: StepHandler[]): RunOrderStep;
  close(): Promise<void>;
}

export async function createWorkerContext(name: string, config: AppConfig): Promise<WorkerContext> {
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
  const relay = new OutboxRelay(unitOfWork, queues, { pollMs: config.processing.outboxPollMs, idleMaxMs: config.processing.outboxIdleMaxMs, batchSize: config.processing.outboxBatchSize, timeScale: config.processing.timeScale }, {
    published: () => undefined,
    failed: (error) => logger.debug({ err: error }, 'outbox relay pass failed'),
  });
  const timeline = new SqlTimelineRecorder(unitOfWork.executor);
  const metrics = createWorkerMetrics(registry, { db: unitOfWork.executor, queues, partnerCenter: () => partnerCenter });
  const secretBox = new SecretBox(config.security.encryptionKey.reveal());
  const partnerCenter = createPartnerCenterClient(config.partnerCenter, {
    refreshTokens: new SqlRefreshTokenStore(unitOfWork, secretBox, config.partnerCenter.partnerTenantId, config.partnerCenter.refreshToken.reveal()),
    redis: queues.connection as Redis,
    budgetKeyPrefix: `${config.redis.queuePrefix}:pc-budget`,
    observer: (call) => {
      metrics.partnerCenterCall(call);
      timeline.record({ orderId: call.correlationId, at: new Date(), kind: 'partner_center', data: { route: call.route, status: call.status, requestId: call.requestId, durationMs: Math.round(call.durationMs), errorCode: call.errorCode } });
    },
  });
  partnerCenter.breakers.onStateChange((change) => metrics.breakerChanged(change.name, change.to));
  registerAuthenticationMetrics(registry, () => partnerCenter.authenticationState());
  const orders = new SqlOrderRepository(unitOfWork.executor);
  const events = new SqlOrderEventStore(unitOfWork.executor);
  const commit = new CommitOrderChange(orders, events);
  // Wakes live SSE listeners in every API instance after each commit (best effort).
  const eventSink: OrderEventSink = new RedisOrderEventSink(queues.connection, config.redis.queuePrefix, (error) => logger.debug({ err: error }, 'event wake-up not published'));
  const context: WorkerContext = {
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
    partnerCenter,
    secretBox,
    customers: new SqlCustomerRepository(unitOfWork.executor),
    partners: new SqlPartnerRepository(unitOfWork.executor),
    orders,
    events,
    commit,
    catalog: new CatalogQuery(new SqlCatalogRepository(unitOfWork)),
    timeline,
    eventSink,
    stepRunner: (handlers) =>
      new MeasuredRunOrderStep({
        unitOfWork,
        orders,
        commit,
        eventSink,
        handlers,
        parkLimitMs: config.processing.parkLimitMs,
        onCommitted: () => relay.kick(),
        recordAttempt: (orderId, entry) => timeline.record({ orderId, at: new Date(), kind: 'job', data: entry }),
      }, metrics),
    close: async () => {
      await relay.stop();
      await timeline.flush();
      await queues.close();
      await dataSource.destroy();
    },
  };
  return context;
}
