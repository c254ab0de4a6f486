import type { QueueName } from '@nce/contracts';
import type { QueueRegistry } from './queue-registry';

/** Whether a job id is alive in BullMQ (waiting, delayed, active, ...), done, dead-lettered, or gone. */
export class BullJobPresence {
  constructor(private readonly queues: QueueRegistry) {}

  async presence(queue: QueueName, jobId: string): Promise<'live' | 'completed' | 'failed' | 'missing'> {
    const state = await this.queues.get(queue).getJobState(jobId);
    if (state === 'completed') return 'completed';
    if (state === 'failed') return 'failed';
    if (state === 'unknown') return 'missing';
    return 'live';
  }
}
