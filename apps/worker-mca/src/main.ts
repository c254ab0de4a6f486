import 'reflect-metadata';
import { QUEUES } from '@nce/contracts';
import { RunMcaStep } from '@nce/mca';
import { WorkerHost } from '@nce/messaging';
import { type WorkerContext, runWorker } from '@nce/worker-runtime';

// worker-mca: the mca step (DESIGN.md section 3.2), scaled separately from the other steps.
function compose(context: WorkerContext): WorkerHost[] {
  const { config } = context;
  const runner = context.stepRunner([
    new RunMcaStep(context.partnerCenter, {
      recheckBaseMs: config.processing.recheckBaseMs / config.processing.timeScale,
      recheckMaxMs: config.processing.recheckMaxMs / config.processing.timeScale,
      customerMayAttest: async (partnerId) => (await context.partners.findById(partnerId))?.settings.customerMcaAttestation ?? false,
    }),
  ]);
  return [
    new WorkerHost({
      queue: QUEUES.mca,
      redis: config.redis,
      concurrency: config.processing.concurrency,
      lockDurationMs: config.processing.jobLockMs,
      observer: context.jobObserver,
      handlers: {
        'order.mca': async (payload, job) =>
          runner.execute('mca', { orderId: payload.orderId, run: payload.run, correlationId: payload.correlationId, attempt: job.attempt, maxAttempts: job.maxAttempts }),
      },
    }),
  ];
}

void runWorker('worker-mca', compose);
