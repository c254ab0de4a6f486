import type { JobContext, JobHandler } from '@nce/messaging';
import type { OrderStep, RunOrderStep } from '@nce/orders';
import type { OrderStepPayload } from '@nce/contracts';

type OrderStepJob = 'order.account' | 'order.qualification' | 'order.subscription';

/** Thin processor: the payload is already validated by the worker host; one use case call. */
export function orderStepProcessor<N extends OrderStepJob>(runner: RunOrderStep, step: OrderStep): JobHandler<N> {
  return async (payload: OrderStepPayload, job: JobContext) =>
    runner.execute(step, {
      orderId: payload.orderId,
      run: payload.run,
      correlationId: payload.correlationId,
      attempt: job.attempt,
      maxAttempts: job.maxAttempts,
    });
}
