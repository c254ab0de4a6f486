import 'reflect-metadata';
import { QUEUES } from '@nce/contracts';
import { CheckGdapRoles, SqlCustomerGdapRepository } from '@nce/gdap';
import { WorkerHost } from '@nce/messaging';
import { type WorkerContext, runWorker } from '@nce/worker-runtime';

// worker-gdap: per-customer GDAP role checks (DESIGN.md section 3.5), off the order path.
function compose(context: WorkerContext): WorkerHost[] {
  const { config } = context;
  const check = new CheckGdapRoles({
    partnerCenter: context.partnerCenter,
    repository: new SqlCustomerGdapRepository(context.unitOfWork),
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
  });
  return [
    new WorkerHost({
      queue: QUEUES.gdap,
      redis: config.redis,
      concurrency: config.processing.concurrency,
      lockDurationMs: config.processing.jobLockMs,
      observer: context.jobObserver,
      handlers: { 'gdap.check': async (payload) => check.execute(payload.customerId, payload.correlationId) },
    }),
  ];
}

void runWorker('worker-gdap', compose);
