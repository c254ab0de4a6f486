import 'reflect-metadata';
import { createAccountsContext } from '@nce/accounts';
import { QUEUES } from '@nce/contracts';
import { RunMcaStep } from '@nce/mca';
import { WorkerHost } from '@nce/messaging';
import { RedisOrderEventSink } from '@nce/notifications';
import { createOrdersContext } from '@nce/orders';
import { connectPartnerCenter } from '@nce/partner-center';
import { SqlAuditLog } from '@nce/persistence';
import { type WorkerPlatform, runWorker } from '@nce/worker-runtime';
import type { Redis } from 'ioredis';

// worker-mca: the mca step (DESIGN.md section 3.2), scaled separately from the other steps.
function compose(platform: WorkerPlatform): WorkerHost[] {
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

  const runner = orders.stepRunner(
    [
      new RunMcaStep(partnerCenter, {
        recheckBaseMs: config.processing.recheckBaseMs / config.processing.timeScale,
        recheckMaxMs: config.processing.recheckMaxMs / config.processing.timeScale,
        customerMayAttest: async (partnerId) => (await accounts.partners.findById(partnerId))?.settings.customerMcaAttestation ?? false,
      }),
    ],
    { parkLimitMs: config.processing.parkLimitMs, onStepFinished: (step, durationMs) => metrics.stepFinished(step, durationMs) },
  );
  return [
    new WorkerHost({
      queue: QUEUES.mca,
      redis: config.redis,
      concurrency: config.processing.concurrency,
      lockDurationMs: config.processing.jobLockMs,
      observer: platform.jobObserver,
      handlers: {
        'order.mca': async (payload, job) =>
          runner.execute('mca', {
            orderId: payload.orderId,
            run: payload.run,
            correlationId: payload.correlationId,
            attempt: job.attempt,
            maxAttempts: job.maxAttempts,
          }),
      },
    }),
  ];
}

void runWorker('worker-mca', compose);
