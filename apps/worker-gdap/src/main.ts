import 'reflect-metadata';
import { QUEUES } from '@nce/contracts';
import { CheckGdapRoles, SqlCustomerGdapRepository } from '@nce/gdap';
import { WorkerHost } from '@nce/messaging';
import { runInLane } from '@nce/resilience';
import { type WorkerContext, runWorker } from '@nce/worker-runtime';

// worker-gdap: per-customer GDAP role checks (DESIGN.md section 3.5), off the order path.
function compose(context: WorkerContext): WorkerHost[] {
  const { config } = context;
  const repository = new SqlCustomerGdapRepository(context.unitOfWork);
  const check = new CheckGdapRoles({
    partnerCenter: context.partnerCenter,
    repository,
    customerOf: async (customerId) => {
      const customer = await context.customers.findById(customerId);
      const partner = customer?.tenant ? await context.partners.findById(customer.partnerId) : null;
      if (!customer?.tenant || !partner) return null;
      return { tenantId: customer.tenant.id, domain: customer.tenant.domain, gdapRoles: partner.settings.gdapRoles, gdapDuration: partner.settings.gdapDuration, securityGroups: partner.settings.gdapSecurityGroups };
    },
    latestOrderId: (tx, customerId) => context.orders.latestIdForCustomer(tx, customerId),
    events: context.events,
    eventSink: context.eventSink,
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
      observer: context.jobObserver,
      handlers: {
        // A customer still to approve is a re-check: it takes only what orders leave of the Graph budget.
        'gdap.check': async (payload) => {
          const lane = (await repository.find(payload.customerId))?.status === 'approval_pending' ? 'recheck' : 'interactive';
          return runInLane(lane, () => check.execute(payload.customerId, payload.correlationId, payload.reason));
        },
      },
    }),
  ];
}

void runWorker('worker-gdap', compose);
