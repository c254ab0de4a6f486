import 'reflect-metadata';
import { RunAccountStep, RunQualificationStep, SqlAdminCredentialStore } from '@nce/accounts';
import { QUEUES } from '@nce/contracts';
import { WorkerHost } from '@nce/messaging';
import { RunSubscriptionStep } from '@nce/subscriptions';
import { type WorkerContext, runWorker } from '@nce/worker-runtime';
import { orderStepProcessor } from './order-step.processor';
import { startReconciler } from './reconciler';
import { composeSubscriptionChanges } from './subscription-changes.composition';

// worker-subscription: the account, qualification and subscription steps (DESIGN.md section 3).
function compose(context: WorkerContext): WorkerHost[] {
  const { config, partnerCenter } = context;
  const timing = { recheckBaseMs: config.processing.recheckBaseMs / config.processing.timeScale, recheckMaxMs: config.processing.recheckMaxMs / config.processing.timeScale };
  const runner = context.stepRunner([
    new RunAccountStep(partnerCenter, context.customers, context.partners, new SqlAdminCredentialStore(context.unitOfWork.executor, context.secretBox), {
      partnerTenantId: config.partnerCenter.partnerTenantId,
      ...timing,
    }),
    new RunQualificationStep(partnerCenter, timing),
    new RunSubscriptionStep(partnerCenter, context.catalog, {
      ...timing,
      pollMs: config.processing.provisioningPollMs,
      catalogCountry: config.catalog.country,
      partnerOf: async (partnerId) => {
        const partner = await context.partners.findById(partnerId);
        return partner ? { channel: partner.channel, mpnId: partner.mpnId } : null;
      },
    }),
  ]);
  startReconciler(context);
  const subscriptionChanges = composeSubscriptionChanges(context);
  subscriptionChanges.start();
  return [
    new WorkerHost({
      queue: QUEUES.subscription,
      redis: config.redis,
      concurrency: config.processing.concurrency,
      lockDurationMs: config.processing.jobLockMs,
      observer: context.jobObserver,
      handlers: {
        'order.account': orderStepProcessor(runner, 'account'),
        'order.qualification': orderStepProcessor(runner, 'qualification'),
        'order.subscription': orderStepProcessor(runner, 'subscription'),
        ...subscriptionChanges.handlers,
      },
    }),
  ];
}

void runWorker('worker-subscription', compose);
