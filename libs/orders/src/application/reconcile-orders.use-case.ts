import { JOB_TO_QUEUE, ORDER_STEP_JOBS, orderStepJobId, type QueueName } from '@nce/contracts';
import type { UnitOfWork } from '@nce/persistence';
import type { OrderStep } from '../domain/order-state-machine';
import type { CommitOrderChange } from './commit-order-change';
import type { OrderRepository } from './orders.ports';

export type JobPresence = 'live' | 'completed' | 'failed' | 'missing';

export interface JobPresenceLookup {
  presence(queue: QueueName, jobId: string): Promise<JobPresence>;
}

export interface StaleOrderFinder {
  /** Non-terminal orders untouched since `before` (oldest first). */
  findStale(before: Date, limit: number): Promise<Array<{ id: string; step: OrderStep | null; run: number }>>;
}

/**
 * Re-drives orders whose current step has no live job (Redis flushed or lost its last writes, a
 * job removed by hand). MySQL is the source of truth: the command is written to the outbox again.
 * A job that completed while the order still waits at that step is re-driven under a new run (its
 * id is taken); a failed job is a dead letter and stays for the operator.
 */
export class ReconcileOrders {
  constructor(
    private readonly deps: { unitOfWork: UnitOfWork; orders: OrderRepository; finder: StaleOrderFinder; jobs: JobPresenceLookup; commit: CommitOrderChange; staleMs: number; onCommitted?: () => void },
  ) {}

  async execute(now = new Date()): Promise<{ checked: number; redriven: number }> {
    const stale = await this.deps.finder.findStale(new Date(now.getTime() - this.deps.staleMs), 500);
    let redriven = 0;
    for (const candidate of stale) {
      if (!candidate.step) continue;
      const jobId = orderStepJobId(candidate.step, candidate.id, candidate.run);
      const presence = await this.deps.jobs.presence(JOB_TO_QUEUE[ORDER_STEP_JOBS[candidate.step]], jobId);
      if (presence === 'live' || presence === 'failed') continue;
      const done = await this.deps.unitOfWork.transaction(async (tx) => {
        const order = await this.deps.orders.findById(candidate.id, { tx, forUpdate: true });
        if (!order || order.step !== candidate.step || order.run !== candidate.run || order.updatedAt.getTime() > now.getTime() - this.deps.staleMs) return false;
        const run = presence === 'completed' ? order.run + 1 : order.run;
        const redrive = { order: { ...order, run, updatedAt: now }, events: [], commands: [{ step: candidate.step as OrderStep, run }] };
        await this.deps.commit.execute(tx, redrive, { isNew: false, now });
        return true;
      });
      if (done) redriven += 1;
    }
    if (redriven > 0) this.deps.onCommitted?.();
    return { checked: stale.length, redriven };
  }
}
