import 'reflect-metadata';
import { RunAccountStep, RunQualificationStep, createAccountsContext } from '@nce/accounts';
import { createCatalogContext } from '@nce/catalog';
import { QUEUES } from '@nce/contracts';
import { BullJobPresence, WorkerHost } from '@nce/messaging';
import { RedisOrderEventSink } from '@nce/notifications';
import { createOrdersContext } from '@nce/orders';
import { connectPartnerCenter } from '@nce/partner-center';
import { SqlAuditLog } from '@nce/persistence';
import { RunSubscriptionStep } from '@nce/subscriptions';
import { type WorkerComposition, type WorkerPlatform, runWorker } from '@nce/worker-runtime';
import type { Redis } from 'ioredis';
import { orderStepProcessor } from './order-step.processor';
import { startReconciler } from './reconciler';
import { composeSubscriptionChanges } from './subscription-changes.composition';

// worker-subscription: the account, qualification and subscription steps (DESIGN.md section 3).
function compose(platform: WorkerPlatform): WorkerComposition {
  const { config, unitOfWork, queues, secretBox, metrics, logger } = platform;
  const audit = new SqlAuditLog(unitOfWork.executor);
  const accounts = createAccountsContext({ unitOfWork, secretBox, audit });
  // Wakes live SSE listeners in every API instance after each commit (best effort).
  const eventSink = new RedisOrderEventSink(queues.connection, config.redis.queuePrefix, (error) =>
    logger.debug({ err: error }, 'event wake-up not published'),
  );
  const orders = createOrdersContext({
    unitOfWork,
    eventSink,
    onCommitted: () => platform.relay.kick(),
    parties: accounts.parties,
    audit,
    idempotencyLockSeconds: config.api.idempotencyLockSeconds,
  });
  platform.onClose(() => orders.timeline.flush());
  const partnerCenter = connectPartnerCenter(config.partnerCenter, {
    unitOfWork,
    secretBox,
    redis: queues.connection as Redis,
    queuePrefix: config.redis.queuePrefix,
    metrics,
    onCall: orders.recordPartnerCenterCall,
  });
  platform.watchBreakers(() => partnerCenter.breakers.snapshot());

  const timing = {
    recheckBaseMs: config.processing.recheckBaseMs / config.processing.timeScale,
    recheckMaxMs: config.processing.recheckMaxMs / config.processing.timeScale,
  };
  const runner = orders.stepRunner(
    [
      new RunAccountStep(partnerCenter, accounts.customers, accounts.partners, accounts.adminCredentials, {
        partnerTenantId: config.partnerCenter.partnerTenantId,
        ...timing,
      }),
      new RunQualificationStep(partnerCenter, timing),
      new RunSubscriptionStep(partnerCenter, createCatalogContext({ unitOfWork }).query, {
        ...timing,
        pollMs: config.processing.provisioningPollMs,
        catalogCountry: config.catalog.country,
        partnerOf: async (partnerId) => {
          const partner = await accounts.partners.findById(partnerId);
          return partner ? { channel: partner.channel, mpnId: partner.mpnId } : null;
        },
      }),
    ],
    { parkLimitMs: config.processing.parkLimitMs, onStepFinished: (step, durationMs) => metrics.stepFinished(step, durationMs) },
  );
  startReconciler(orders.reconciler(new BullJobPresence(queues), config.processing.reconcileStaleMs), {
    intervalMs: config.processing.reconcileIntervalMs,
    logger,
  });
  const subscriptionChanges = composeSubscriptionChanges(platform, { partnerCenter, eventSink });
  return {
    start: async () => subscriptionChanges.start(),
    // The change reconciler and the periodic sync stop before the consumers do.
    stopIntake: async () => subscriptionChanges.stop(),
    hosts: [
      new WorkerHost({
        queue: QUEUES.subscription,
        redis: config.redis,
        concurrency: config.processing.concurrency,
        lockDurationMs: config.processing.jobLockMs,
        observer: platform.jobObserver,
        handlers: {
          'order.account': orderStepProcessor(runner, 'account'),
          'order.qualification': orderStepProcessor(runner, 'qualification'),
          'order.subscription': orderStepProcessor(runner, 'subscription'),
          ...subscriptionChanges.handlers,
        },
      }),
    ],
  };
}

void runWorker('worker-subscription', compose);
