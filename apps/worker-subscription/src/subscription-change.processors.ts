import type { JobContext, JobHandler } from '@nce/messaging';
import type { ApplySubscriptionChange, SyncSubscriptions } from '@nce/subscriptions';

/** Thin processor: the payload is validated by the worker host; one use case call. */
export function subscriptionChangeProcessor(apply: ApplySubscriptionChange): JobHandler<'subscription.change'> {
  return async (payload, job: JobContext) =>
    apply.execute({
      changeId: payload.changeId,
      run: payload.run,
      correlationId: payload.correlationId,
      attempt: job.attempt,
      maxAttempts: job.maxAttempts,
    });
}

export class SubscriptionSyncIncomplete extends Error {}

/** Refreshes our copy; a subscription that could not be read makes the job retry (reads are idempotent). */
export function subscriptionSyncProcessor(sync: SyncSubscriptions): JobHandler<'subscription.sync'> {
  return async (payload) => {
    const result = await sync.customer(payload.customerId, payload.subscriptionIds, payload.correlationId);
    if (result.failed.length > 0)
      throw new SubscriptionSyncIncomplete(`${result.failed.length} subscription(s) not read: ${result.failed[0].error}`);
  };
}
