import 'reflect-metadata';
import { createAccountsContext } from '@nce/accounts';
import { NO_EVENT_SINK, createOrdersContext } from '@nce/orders';
import { connectPartnerCenter } from '@nce/partner-center';
import { SqlAuditLog } from '@nce/persistence';
import { runWorker } from '@nce/worker-runtime';
import type { Redis } from 'ioredis';
import { composeNotifications } from './notifications.composition';

/**
 * worker-notifications (headless): fans order events out to partner webhook deliveries, delivers
 * them, and re-drives deliveries whose job Redis lost. Only /health and /metrics listen.
 */
void runWorker('worker-notifications', (platform) => {
  const { config, unitOfWork, queues, secretBox, metrics } = platform;
  const audit = new SqlAuditLog(unitOfWork.executor);
  const accounts = createAccountsContext({ unitOfWork, secretBox, audit });
  const orders = createOrdersContext({
    unitOfWork,
    eventSink: NO_EVENT_SINK,
    onCommitted: () => platform.relay.kick(),
    parties: accounts.parties,
    audit,
    idempotencyLockSeconds: config.api.idempotencyLockSeconds,
  });
  platform.onClose(() => orders.timeline.flush());
  // No Partner Center calls here; opened so that every process reports the credentials' metrics (docs/operations.md).
  const partnerCenter = connectPartnerCenter(config.partnerCenter, {
    unitOfWork,
    secretBox,
    redis: queues.connection as Redis,
    queuePrefix: config.redis.queuePrefix,
    metrics,
  });
  platform.watchBreakers(() => partnerCenter.breakers.snapshot());
  const notifications = composeNotifications(platform, orders.timeline);
  return {
    hosts: [notifications.host],
    start: () => notifications.start(),
    // Stop producing work first, then let in-flight deliveries (15 s timeout at most) finish.
    stopIntake: () => notifications.stopIntake(),
    close: () => notifications.close(),
    readiness: () => notifications.readiness(),
  };
});
