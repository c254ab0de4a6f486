import { ALL_QUEUES, type Principal, type QueueName } from '@nce/contracts';
import type { QueueRegistry } from '@nce/messaging';
import type { SqlAuditLog } from '@nce/persistence';
import type { Job, Queue } from 'bullmq';
import { ApiProblem } from '../http/api-problem';

export interface QueueView {
  name: QueueName;
  paused: boolean;
  counts: { waiting: number; active: number; delayed: number; failed: number; completed: number };
}

export interface DeadLetterView {
  id: string;
  jobId: string;
  queue: QueueName;
  name: string;
  data: unknown;
  failedReason: string | null;
  attemptsMade: number;
  finishedOn: string | null;
}

function isQueueName(name: string): name is QueueName {
  return (ALL_QUEUES as readonly string[]).includes(name);
}

/** Dead letters are addressed as `<queue>:<jobId>` (queue names hold no colon; job ids may). */
export function parseDeadLetterId(id: string, queue?: string): { queue: string; jobId: string } {
  if (queue) return { queue, jobId: id };
  const colon = id.indexOf(':');
  if (colon <= 0) throw ApiProblem.validation([{ field: 'id', message: 'Use <queue>:<jobId>, or pass ?queue=' }]);
  return { queue: id.slice(0, colon), jobId: id.slice(colon + 1) };
}

/** Queue inspection and control for operators; every change is audited with the acting key. */
export class QueueOperations {
  constructor(
    private readonly queues: QueueRegistry,
    private readonly audit: SqlAuditLog,
  ) {}

  queue(name: string): Queue {
    if (!isQueueName(name)) throw ApiProblem.notFound(`No queue ${name}; queues: ${ALL_QUEUES.join(', ')}`);
    return this.queues.get(name);
  }

  async list(): Promise<QueueView[]> {
    return Promise.all(ALL_QUEUES.map((name) => this.view(name)));
  }

  async view(name: string): Promise<QueueView> {
    const queue = this.queue(name);
    const [counts, paused] = await Promise.all([
      queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'),
      queue.isPaused(),
    ]);
    // Prioritized jobs wait too (BullMQ keeps them in their own set).
    const count = (state: string): number => counts[state] ?? 0;
    return {
      name: name as QueueName,
      paused,
      counts: {
        waiting: count('waiting') + count('prioritized'),
        active: count('active'),
        delayed: count('delayed'),
        failed: count('failed'),
        completed: count('completed'),
      },
    };
  }

  async setPaused(principal: Principal, name: string, paused: boolean): Promise<QueueView> {
    const queue = this.queue(name);
    if (paused) await queue.pause();
    else await queue.resume();
    await this.record(principal, paused ? 'queue.pause' : 'queue.resume', name, {});
    return this.view(name);
  }

  async deadLetters(queueName: string | undefined, limit: number): Promise<DeadLetterView[]> {
    const names = queueName ? [this.queue(queueName).name as QueueName] : [...ALL_QUEUES];
    const perQueue = await Promise.all(
      names.map(async (name) => (await this.queues.get(name).getFailed(0, limit - 1)).map((job) => deadLetterView(name, job))),
    );
    return perQueue
      .flat()
      .sort((a, b) => (b.finishedOn ?? '').localeCompare(a.finishedOn ?? ''))
      .slice(0, limit);
  }

  async replay(principal: Principal, id: string, queueName?: string): Promise<DeadLetterView> {
    const target = parseDeadLetterId(id, queueName);
    const queue = this.queue(target.queue);
    const job = await queue.getJob(target.jobId);
    if (!job) throw ApiProblem.notFound(`No job ${target.jobId} in queue ${target.queue}`);
    const state = await job.getState();
    if (state !== 'failed') throw new ApiProblem(409, 'not-a-dead-letter', 'Conflict', `Job ${target.jobId} is ${state}, not failed`);
    const view = deadLetterView(target.queue as QueueName, job);
    await job.retry('failed');
    await this.record(
      principal,
      'dead_letter.replay',
      target.queue,
      { jobId: target.jobId, jobName: job.name, failedReason: job.failedReason ?? null },
      orderIdOf(job),
    );
    return view;
  }

  async replayAll(principal: Principal, name: string): Promise<{ queue: QueueName; replayed: number }> {
    const queue = this.queue(name);
    const failed = await queue.getFailedCount();
    await queue.retryJobs({ state: 'failed' });
    await this.record(principal, 'dead_letter.replay_all', name, { replayed: failed });
    return { queue: name as QueueName, replayed: failed };
  }

  private async record(
    principal: Principal,
    action: string,
    queue: string,
    details: Record<string, unknown>,
    orderId?: string,
  ): Promise<void> {
    await this.audit.record({
      actorKeyId: principal.apiKeyId,
      actorRole: principal.role,
      action,
      targetType: 'queue',
      targetId: queue,
      details: orderId ? { ...details, orderId } : details,
    });
    // Also on the order, so its timeline shows the replay.
    if (orderId)
      await this.audit.record({
        actorKeyId: principal.apiKeyId,
        actorRole: principal.role,
        action,
        targetType: 'order',
        targetId: orderId,
        details: { ...details, queue },
      });
  }
}

function orderIdOf(job: Job): string | undefined {
  const data = job.data as { orderId?: unknown } | null;
  return typeof data?.orderId === 'string' ? data.orderId : undefined;
}

function deadLetterView(queue: QueueName, job: Job): DeadLetterView {
  return {
    id: `${queue}:${job.id ?? ''}`,
    jobId: job.id ?? '',
    queue,
    name: job.name,
    data: job.data,
    failedReason: job.failedReason ?? null,
    attemptsMade: job.attemptsMade,
    finishedOn: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}
