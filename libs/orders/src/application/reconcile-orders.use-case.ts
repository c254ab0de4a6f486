import { JOB_TO_QUEUE, ORDER_STEP_JOBS, orderStepJobId, type QueueName } from '@nce/contracts';
import type { UnitOfWork } from '@nce/persistence';
import type { OrderStep } from '../domain/order-state-machine';
import type { CommitOrderChange } from './commit-order-change.use-case';
import type { OrderRepository } from './orders.ports';

export type JobPresence = 'live' | 'completed' | 'failed' | 'missing';

export interface JobPresenceLookup {
  presence(queue: QueueName, jobId: string): Promise<JobPresence>;
}

export interface StaleOrder {
  id: string;
  step: OrderStep | null;
  run: number;
  updatedAt: Date;
}

export interface StaleOrderFinder {
  /** Non-terminal orders untouched since `before`, in (updated, id) order after `after`. */
  findStale(before: Date, limit: number, after?: { updatedAt: Date; id: string }): Promise<StaleOrder[]>;
}

/**
 * Re-drives orders whose current step has no live job (Redis flushed or lost its last writes, a
 * job removed by hand). MySQL is the source of truth: the command is written to the outbox again.
 * A job that completed while the order still waits at that step is re-driven under a new run (its
 * id is taken); a failed job is a dead letter and stays for the operator.
 */
const PAGE_SIZE = 500;
/** Bounds one pass (pages × page size orders); the next pass goes on. */
const MAX_PAGES_PER_PASS = 100;

export class ReconcileOrders {
  constructor(
    private readonly deps: {
      unitOfWork: UnitOfWork;
      orders: OrderRepository;
      finder: StaleOrderFinder;
      jobs: JobPresenceLookup;
      commit: CommitOrderChange;
      staleMs: number;
      onCommitted?: () => void;
    },
  ) {}

  /**
   * Walks every stale order page by page (keyset on updated_at and id): orders whose job is alive
   * (delayed re-checks, long parks) never hide the ones behind them whose job was lost.
   */
  async execute(now = new Date()): Promise<{ checked: number; redriven: number }> {
    const before = new Date(now.getTime() - this.deps.staleMs);
    let checked = 0;
    let redriven = 0;
    let after: { updatedAt: Date; id: string } | undefined;
    for (let page = 0; page < MAX_PAGES_PER_PASS; page += 1) {
      const stale = await this.deps.finder.findStale(before, PAGE_SIZE, after);
      checked += stale.length;
      redriven += await this.redrive(stale, now);
      const last = stale[stale.length - 1];
      if (stale.length < PAGE_SIZE || !last) break;
      after = { updatedAt: last.updatedAt, id: last.id };
    }
    if (redriven > 0) this.deps.onCommitted?.();
    return { checked, redriven };
  }

  private async redrive(stale: StaleOrder[], now: Date): Promise<number> {
    let redriven = 0;
    for (const candidate of stale) {
      if (!candidate.step) continue;
      const jobId = orderStepJobId(candidate.step, candidate.id, candidate.run);
      const presence = await this.deps.jobs.presence(JOB_TO_QUEUE[ORDER_STEP_JOBS[candidate.step]], jobId);
      if (presence === 'live' || presence === 'failed') continue;
      const done = await this.deps.unitOfWork.transaction(async (tx) => {
        const order = await this.deps.orders.findById(candidate.id, { tx, forUpdate: true });
        if (
          !order ||
          order.step !== candidate.step ||
          order.run !== candidate.run ||
          order.updatedAt.getTime() > now.getTime() - this.deps.staleMs
        )
          return false;
        const run = presence === 'completed' ? order.run + 1 : order.run;
        const redrive = { order: { ...order, run, updatedAt: now }, events: [], commands: [{ step: candidate.step as OrderStep, run }] };
        await this.deps.commit.execute(tx, redrive, { isNew: false, now });
        return true;
      });
      if (done) redriven += 1;
    }
    return redriven;
  }
}
