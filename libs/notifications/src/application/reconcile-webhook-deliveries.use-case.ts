import { webhookDeliveryJobId } from '@nce/contracts';
import type { DeliveryJobQueue, WebhookDeliveryRepository } from './notifications.ports';

/**
 * Redis may lose jobs (flush, failover; DESIGN.md section 4): a pending delivery overdue by more than
 * the grace period, not leased, whose job is gone gets it back. Duplicates are harmless: a job for
 * an attempt already made, or held by another job, does nothing.
 */
/** Bounds one pass (pages × batch size rows); the next pass goes on. */
const MAX_PAGES_PER_PASS = 100;

export class ReconcileWebhookDeliveries {
  constructor(
    private readonly deps: {
      deliveries: WebhookDeliveryRepository;
      jobs: DeliveryJobQueue;
      graceMs: number;
      batchSize: number;
      clock?: () => Date;
    },
  ) {}

  /**
   * Walks every overdue delivery page by page (keyset on next attempt and id), so deliveries whose
   * job is alive never hide the ones behind them whose job was lost (after Redis lost thousands).
   */
  async pass(): Promise<number> {
    const now = this.deps.clock?.() ?? new Date();
    const cutoff = new Date(now.getTime() - this.deps.graceMs);
    let requeued = 0;
    let after: { nextAttemptAt: Date; id: string } | undefined;
    for (let page = 0; page < MAX_PAGES_PER_PASS; page += 1) {
      const overdue = await this.deps.deliveries.overdue(cutoff, now, this.deps.batchSize, after);
      for (const delivery of overdue) {
        const attempt = delivery.attempts + 1;
        const jobId = webhookDeliveryJobId(delivery.id, attempt);
        const state = await this.deps.jobs.state(jobId);
        if (state === 'live') continue;
        // A finished job under the deterministic id blocks re-adding it; use a fresh id for this round.
        await this.deps.jobs.enqueue(state === 'missing' ? jobId : `${jobId}-r${now.getTime()}`, delivery, attempt);
        requeued += 1;
      }
      const last = overdue[overdue.length - 1];
      if (overdue.length < this.deps.batchSize || !last?.nextAttemptAt) break;
      after = { nextAttemptAt: last.nextAttemptAt, id: last.id };
    }
    return requeued;
  }
}
