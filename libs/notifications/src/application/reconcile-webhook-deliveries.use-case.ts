import { webhookDeliveryJobId } from '@nce/contracts';
import type { DeliveryJobQueue, WebhookDeliveryRepository } from './notifications.ports';

/**
 * Redis may lose jobs (flush, failover; DESIGN.md section 4): a pending delivery overdue by more than
 * the grace period, not leased, whose job is gone gets it back. Duplicates are harmless: a job for
 * an attempt already made, or held by another job, does nothing.
 */
export class ReconcileWebhookDeliveries {
  constructor(private readonly deps: { deliveries: WebhookDeliveryRepository; jobs: DeliveryJobQueue; graceMs: number; batchSize: number; clock?: () => Date }) {}

  async pass(): Promise<number> {
    const now = this.deps.clock?.() ?? new Date();
    const overdue = await this.deps.deliveries.overdue(new Date(now.getTime() - this.deps.graceMs), now, this.deps.batchSize);
    let requeued = 0;
    for (const delivery of overdue) {
      const attempt = delivery.attempts + 1;
      const jobId = webhookDeliveryJobId(delivery.id, attempt);
      const state = await this.deps.jobs.state(jobId);
      if (state === 'live') continue;
      // A finished job under the deterministic id blocks re-adding it; use a fresh id for this round.
      await this.deps.jobs.enqueue(state === 'missing' ? jobId : `${jobId}-r${now.getTime()}`, delivery, attempt);
      requeued += 1;
    }
    return requeued;
  }
}
