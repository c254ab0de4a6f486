import { JOB_NAMES, JOB_OPTIONS, QUEUES } from '@nce/contracts';
import type { QueueRegistry } from '@nce/messaging';
import type { DeliveryJobQueue } from '../application/notifications.ports';

/** The reconciler's direct view of the notifications queue (normal paths publish through the outbox). */
export class BullDeliveryJobQueue implements DeliveryJobQueue {
  constructor(private readonly queues: QueueRegistry) {}

  async state(jobId: string): Promise<'live' | 'finished' | 'missing'> {
    const job = await this.queues.get(QUEUES.notifications).getJob(jobId);
    if (!job) return 'missing';
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') return 'finished';
    return state === 'unknown' ? 'missing' : 'live';
  }

  async enqueue(jobId: string, delivery: { id: string; endpointId: string }, attempt: number): Promise<void> {
    await this.queues
      .get(QUEUES.notifications)
      .add(
        JOB_NAMES.webhookDeliver,
        { deliveryId: delivery.id, endpointId: delivery.endpointId, attempt },
        { ...JOB_OPTIONS[JOB_NAMES.webhookDeliver], jobId },
      );
  }
}
