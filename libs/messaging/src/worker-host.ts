import {
  JOB_TO_QUEUE,
  RECHECK_JOB_PRIORITY,
  type JobName,
  type JobPayloads,
  type QueueName,
  isJobName,
  jobPriorityOf,
  parseJobPayload,
} from '@nce/contracts';
import type { RedisConfig } from '@nce/config';
import { isClassifiedError } from '@nce/resilience';
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import { createRedis } from './redis-connection';
import { retryDecisionOf } from './retry-decision';

export interface JobContext {
  jobId: string;
  name: JobName;
  /** 1-based attempt number (only real failures count). */
  attempt: number;
  maxAttempts: number;
}

/**
 * A handler may ask for the same job to run again later: a poll of active work, or (`recheck`) the
 * re-check of a parked order, which then waits behind every other job of the queue.
 */
export type JobOutcome = void | { rerunInMs: number; recheck?: boolean };

export type JobHandler<N extends JobName> = (data: JobPayloads[N], context: JobContext) => Promise<JobOutcome>;
export type JobHandlers = { [N in JobName]?: JobHandler<N> };

export interface JobObserver {
  completed?(name: JobName, durationMs: number, waitedMs: number): void;
  failed?(name: JobName, error: unknown, final: boolean): void;
  delayed?(name: JobName, reason: 'throttled' | 'upstream_unavailable' | 'rerun', delayMs: number): void;
}

export class WiringError extends Error {}

/** The BullMQ priority a re-run job should carry: re-checks last, else what its payload says. */
async function reprioritize(job: Job, recheck: boolean): Promise<void> {
  const wanted = recheck ? RECHECK_JOB_PRIORITY : (jobPriorityOf(job.data) ?? 0);
  if ((job.opts.priority ?? 0) !== wanted) await job.changePriority({ priority: wanted });
}

/**
 * Fail fast on wiring (STYLE.md 6): a worker consuming `queue` must handle every job routed to it,
 * exactly once.
 */
export function assertHandlersComplete(queue: QueueName, handlers: JobHandlers): void {
  const owned = (Object.keys(JOB_TO_QUEUE) as JobName[]).filter((name) => JOB_TO_QUEUE[name] === queue);
  const missing = owned.filter((name) => !handlers[name]);
  const foreign = (Object.keys(handlers) as JobName[]).filter((name) => JOB_TO_QUEUE[name] !== queue);
  if (missing.length > 0 || foreign.length > 0) {
    throw new WiringError(
      `Queue ${queue}: ${missing.length > 0 ? `no handler for ${missing.join(', ')}` : ''}${foreign.length > 0 ? ` handlers for jobs of other queues: ${foreign.join(', ')}` : ''}`,
    );
  }
}

/**
 * Consumes one queue: validates every payload again, runs its handler, and maps error classes to
 * BullMQ behaviour. Throttled and breaker-open errors re-delay the job without burning an attempt;
 * permanent errors stop retries (UnrecoverableError); transient errors retry with back-off.
 */
export class WorkerHost {
  private worker: Worker | null = null;
  private connection: ReturnType<typeof createRedis> | null = null;

  constructor(
    private readonly options: {
      queue: QueueName;
      handlers: JobHandlers;
      redis: RedisConfig;
      concurrency: number;
      lockDurationMs?: number;
      observer?: JobObserver;
    },
  ) {
    assertHandlersComplete(options.queue, options.handlers);
  }

  get consuming(): boolean {
    return this.worker?.isRunning() === true && !this.worker.isPaused();
  }

  start(): void {
    const connection = createRedis(this.options.redis);
    connection.on('error', () => undefined);
    this.connection = connection;
    this.worker = new Worker(this.options.queue, (job, token) => this.process(job, token), {
      connection,
      prefix: this.options.redis.queuePrefix,
      concurrency: this.options.concurrency,
      lockDuration: this.options.lockDurationMs ?? 30_000,
      stalledInterval: this.options.lockDurationMs ?? 30_000,
      maxStalledCount: 5,
      autorun: true,
    });
    this.worker.on('error', () => undefined);
    this.worker.on('failed', (job, error) => {
      if (!job || !isJobName(job.name)) return;
      const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
      this.options.observer?.failed?.(job.name, error, final);
    });
  }

  /** Stops taking jobs and waits for the running ones (graceful shutdown). */
  async close(): Promise<void> {
    await this.worker?.close();
    // BullMQ leaves a connection it was given open.
    this.connection?.disconnect();
    this.connection = null;
  }

  private async process(job: Job, token?: string): Promise<void> {
    if (!isJobName(job.name)) throw new UnrecoverableError(`Unknown job name ${job.name}`);
    const name = job.name;
    const handler = this.options.handlers[name] as JobHandler<typeof name> | undefined;
    if (!handler) throw new UnrecoverableError(`No handler for ${name}`);
    let data: JobPayloads[typeof name];
    try {
      data = parseJobPayload(name, job.data);
    } catch (error) {
      throw new UnrecoverableError(`Invalid payload for ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const started = Date.now();
    let outcome: JobOutcome;
    try {
      outcome = await handler(data, { jobId: job.id ?? '', name, attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 });
    } catch (error) {
      const decision = retryDecisionOf(error);
      if (decision.kind === 'wait') {
        this.options.observer?.delayed?.(name, decision.reason, decision.delayMs);
        if (isClassifiedError(error) && (error as { lane?: string }).lane === 'recheck') await reprioritize(job, true);
        await job.moveToDelayed(Date.now() + decision.delayMs, token);
        throw new DelayedError();
      }
      if (decision.kind === 'stop') throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
      throw error;
    }
    if (outcome && outcome.rerunInMs >= 0) {
      this.options.observer?.delayed?.(name, 'rerun', outcome.rerunInMs);
      await reprioritize(job, outcome.recheck === true);
      await job.moveToDelayed(Date.now() + Math.max(1, outcome.rerunInMs), token);
      throw new DelayedError();
    }
    this.options.observer?.completed?.(name, Date.now() - started, started - job.timestamp - (job.opts.delay ?? 0));
  }
}
