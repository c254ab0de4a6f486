import { internalServicePorts } from '@nce/config';
import { QUEUES } from '@nce/contracts';
import { WorkerHost } from '@nce/messaging';
import {
  BullDeliveryJobQueue,
  DeliverWebhook,
  EndpointLanes,
  FanOutOrderEvents,
  HttpWebhookTransport,
  PollingLoop,
  ReconcileWebhookDeliveries,
  RedisOrderEventWakeups,
  SqlOrderEventScanStore,
  SqlWebhookDeliveryRepository,
  createNotificationsContext,
} from '@nce/notifications';
import type { SqlTimelineRecorder } from '@nce/orders';
import { createSubscriptionsContext } from '@nce/subscriptions';
import type { WorkerPlatform } from '@nce/worker-runtime';
import { Counter, Gauge, Histogram } from 'prom-client';
import { webhookDeliverHandlers } from './webhook-deliver.processor';

// Overdue this long with no live job: Redis lost it (an outbox publish normally takes milliseconds).
const RECONCILE_GRACE_MS = 60_000;

export interface NotificationsWorker {
  host: WorkerHost;
  start(): Promise<void>;
  /** Stops making work (fan-out, reconciler, lane waiters); requests in flight go on. */
  stopIntake(): Promise<void>;
  /** After the consumer stopped: closes the HTTP connections. */
  close(): void;
  readiness(): Record<string, unknown>;
}

/** worker-notifications' parts: the fan-out of order events, the delivery consumer, the reconciler. */
export function composeNotifications(context: WorkerPlatform, timeline: Pick<SqlTimelineRecorder, 'record'>): NotificationsWorker {
  const { config, unitOfWork, logger, registry } = context;
  const settings = config.notifications;
  const timeScale = config.processing.timeScale;
  const { endpoints, deliveries, guard } = createNotificationsContext({
    unitOfWork,
    secretBox: context.secretBox,
    onCommitted: () => context.relay.kick(),
    webhookAllowList: config.security.webhookAllowList,
    reservedPorts: internalServicePorts(config),
    maxEndpointsPerPartner: settings.webhookMaxEndpointsPerPartner,
    secretGraceMs: settings.webhookSecretGraceMs,
  });
  const transport = new HttpWebhookTransport();
  const attempts = new Counter({
    name: 'webhook_attempts_total',
    help: 'Webhook delivery attempts by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'webhook_attempt_duration_seconds',
    help: 'Webhook request duration',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15],
    registers: [registry],
  });
  const jobs = new Counter({
    name: 'webhook_jobs_total',
    help: 'webhook.deliver jobs by result (attempted, skipped, later) and reason',
    labelNames: ['result', 'reason'],
    registers: [registry],
  });
  const created = new Counter({
    name: 'webhook_deliveries_created_total',
    help: 'Deliveries created by the fan-out of order events',
    registers: [registry],
  });

  // One endpoint may hold at most half of this process's job slots, most of them just waiting.
  const lanes = new EndpointLanes(settings.webhookEndpointConcurrency, Math.floor(settings.webhookConcurrency / 2));
  const deliver = new DeliverWebhook({
    unitOfWork,
    endpoints,
    deliveries,
    guard,
    transport,
    sealer: context.secretBox,
    lanes,
    policy: {
      timeoutMs: settings.webhookTimeoutMs,
      timeScale,
      breaker: {
        threshold: settings.webhookBreakerThreshold,
        cooldownMs: settings.webhookBreakerCooldownMs / timeScale,
        disableAfterMs: settings.webhookDisableAfterMs / timeScale,
      },
    },
    observer: {
      attempted: (delivery, attempt, outcome, durationMs) => {
        attempts.inc({ outcome: outcome.kind });
        duration.observe(durationMs / 1000);
        if (delivery.orderId) {
          timeline.record({
            orderId: delivery.orderId,
            at: new Date(),
            kind: 'webhook',
            data: {
              deliveryId: delivery.id,
              endpointId: delivery.endpointId,
              webhookId: delivery.messageId,
              eventType: delivery.eventType,
              attempt,
              outcome: outcome.kind,
              statusCode: outcome.statusCode,
              durationMs: Math.round(durationMs),
            },
          });
        }
      },
    },
    onCommitted: () => context.relay.kick(),
  });

  const fanOut = new FanOutOrderEvents({
    unitOfWork,
    scan: new SqlOrderEventScanStore(),
    endpoints,
    deliveries,
    batchSize: settings.webhookFanoutBatchSize,
    gapGraceMs: settings.webhookFanoutGapGraceMs,
    onDeliveries: (count) => {
      created.inc(count);
      context.relay.kick();
    },
  });
  new Gauge({
    name: 'webhook_fanout_open_gaps',
    help: 'order_events id gaps the fan-out is waiting on',
    registers: [registry],
    collect() {
      this.set(fanOut.openGaps());
    },
  });
  const fanOutLoop = new PollingLoop(() => fanOut.pass(), {
    idleMs: settings.webhookFanoutPollMs,
    idleMaxMs: settings.webhookFanoutIdleMaxMs,
    busy: () => fanOut.openGaps() > 0,
    fullBatch: settings.webhookFanoutBatchSize,
    onError: (error) => logger.warn({ err: error }, 'webhook fan-out pass failed'),
  });
  // Subscription-change events (issue 17): their own table and cursor, the same gap handling and deliveries.
  const changeFanOut = new FanOutOrderEvents({
    unitOfWork,
    // This worker only reads change events: it commits none, so it has no wake-ups to send.
    scan: createSubscriptionsContext({ unitOfWork, wakeups: { committed: () => undefined }, onCommitted: () => context.relay.kick() })
      .changeEventScan,
    endpoints,
    deliveries: new SqlWebhookDeliveryRepository(unitOfWork.executor, 'subscription_change'),
    batchSize: settings.webhookFanoutBatchSize,
    gapGraceMs: settings.webhookFanoutGapGraceMs,
    onDeliveries: (count) => {
      created.inc(count);
      context.relay.kick();
    },
  });
  const changeFanOutLoop = new PollingLoop(() => changeFanOut.pass(), {
    idleMs: settings.webhookFanoutPollMs,
    idleMaxMs: settings.webhookFanoutIdleMaxMs,
    busy: () => changeFanOut.openGaps() > 0,
    fullBatch: settings.webhookFanoutBatchSize,
    onError: (error) => logger.warn({ err: error }, 'subscription-change webhook fan-out pass failed'),
  });
  const reconciler = new ReconcileWebhookDeliveries({
    deliveries,
    jobs: new BullDeliveryJobQueue(context.queues),
    graceMs: RECONCILE_GRACE_MS,
    batchSize: 500,
  });
  const reconcileLoop = new PollingLoop(() => reconciler.pass(), {
    idleMs: settings.webhookReconcileIntervalMs,
    fullBatch: 500,
    onError: (error) => logger.warn({ err: error }, 'webhook reconcile pass failed'),
  });
  // Wake-ups from committing processes start a fan-out pass at once; the poll is the fallback.
  const kick = (): void => {
    fanOutLoop.kick();
    changeFanOutLoop.kick();
  };
  const wakeups = new RedisOrderEventWakeups(config.redis, { onWakeup: kick, onResubscribed: kick, onError: () => undefined });

  const host = new WorkerHost({
    queue: QUEUES.notifications,
    redis: config.redis,
    concurrency: settings.webhookConcurrency,
    lockDurationMs: settings.webhookTimeoutMs + 30_000,
    handlers: webhookDeliverHandlers(deliver, (result) =>
      jobs.inc({ result: result.kind, reason: result.kind === 'attempted' ? result.outcome.kind : result.reason }),
    ),
  });
  return {
    host,
    readiness: () => ({ fanOutOpenGaps: fanOut.openGaps() }),
    start: async () => {
      fanOutLoop.start();
      changeFanOutLoop.start();
      reconcileLoop.start();
      await wakeups.start();
    },
    stopIntake: async () => {
      // Jobs waiting for a lane go back to the queue now; only requests in flight (15 s at most) finish.
      lanes.close();
      await Promise.all([fanOutLoop.stop(), changeFanOutLoop.stop(), reconcileLoop.stop(), wakeups.stop()]);
    },
    close: () => transport.close(),
  };
}
