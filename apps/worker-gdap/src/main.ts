import 'reflect-metadata';
import { createAccountsContext } from '@nce/accounts';
import { QUEUES } from '@nce/contracts';
import { createGdapContext } from '@nce/gdap';
import { WorkerHost } from '@nce/messaging';
import { RedisOrderEventSink } from '@nce/notifications';
import { createOrdersContext } from '@nce/orders';
import { connectPartnerCenter } from '@nce/partner-center';
import { SqlAuditLog } from '@nce/persistence';
import { runInLane } from '@nce/resilience';
import { type WorkerPlatform, runWorker } from '@nce/worker-runtime';
import type { Redis } from 'ioredis';

// worker-gdap: per-customer GDAP role checks (DESIGN.md section 3.5), off the order path.
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

  const gdap = createGdapContext({
    unitOfWork,
    linkedCustomerIds: (partnerId) => accounts.queries.linkedCustomerIds(partnerId),
    onCommitted: () => platform.relay.kick(),
  });
  const check = gdap.checker({
    partnerCenter,
    customerOf: async (customerId) => {
      const customer = await accounts.customers.findById(customerId);
      const partner = customer?.tenant ? await accounts.partners.findById(customer.partnerId) : null;
      if (!customer?.tenant || !partner) return null;
      return {
        tenantId: customer.tenant.id,
        domain: customer.tenant.domain,
        gdapRoles: partner.settings.gdapRoles,
        gdapDuration: partner.settings.gdapDuration,
        securityGroups: partner.settings.gdapSecurityGroups,
      };
    },
    latestOrderId: (tx, customerId) => orders.orders.latestIdForCustomer(tx, customerId),
    events: orders.events,
    eventSink,
    recheckBaseMs: config.processing.recheckBaseMs / config.processing.timeScale,
    recheckMaxMs: config.processing.recheckMaxMs / config.processing.timeScale,
    recheckForMs: (config.processing.gdapRecheckDays * 86_400_000) / config.processing.timeScale,
  });
  return [
    new WorkerHost({
      queue: QUEUES.gdap,
      redis: config.redis,
      concurrency: config.processing.concurrency,
      lockDurationMs: config.processing.jobLockMs,
      observer: platform.jobObserver,
      handlers: {
        // A person pressed "Approved Partner Roles": interactive. Every customer re-checked after a roles
        // change is bulk work; a customer still to approve is a re-check (what orders leave of the budget).
        'gdap.check': async (payload) => {
          const lane =
            payload.reason === 'requested'
              ? 'interactive'
              : payload.reason === 'roles_changed'
                ? 'bulk'
                : (await gdap.repository.find(payload.customerId))?.status === 'approval_pending'
                  ? 'recheck'
                  : 'interactive';
          return runInLane(lane, () => check.execute(payload.customerId, payload.correlationId, payload.reason));
        },
      },
    }),
  ];
}

void runWorker('worker-gdap', compose);
