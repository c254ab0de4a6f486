import type { JobHandlers } from '@nce/messaging';
import type { DeliverResult, DeliverWebhook } from '@nce/notifications';

/**
 * Thin: one attempt per job. HTTP failures are recorded (with the next attempt's job) by the use
 * case and never thrown; "not now" (breaker open, endpoint busy, early) re-delays this same job
 * without burning an attempt. Only infrastructure errors throw (BullMQ retries those).
 */
export function webhookDeliverHandlers(deliver: DeliverWebhook, observe: (result: DeliverResult) => void = () => undefined): JobHandlers {
  return {
    'webhook.deliver': async (payload) => {
      const result = await deliver.execute(payload);
      observe(result);
      return result.kind === 'later' ? { rerunInMs: Math.max(1, Math.round(result.inMs)) } : undefined;
    },
  };
}
