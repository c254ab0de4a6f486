import { type OutboxCommand, type OutboxWriter, SQL_OUTBOX } from '@nce/messaging';
import type { SqlExecutor, UnitOfWork } from '@nce/persistence';
import { type ThrottleLane, isClassifiedError, runInLane } from '@nce/resilience';
import { type Order, type OrderChange, completeStep, delayOrder, failOrder, requireAction, startStep } from '../domain/order.model';
import { type OrderProgress, missedConcurrentRecord, replacesConcurrentRecord } from '../domain/order-progress.model';
import { type OrderStep, isTerminal } from '../domain/order-state-machine';
import type { CommitOrderChange } from './commit-order-change.use-case';
import type { OrderEventSink } from './order-event-sink';
import type { OrderRepository } from './orders.ports';
import type { StepContext, StepHandler, StepOutcome } from './step-handler.port';
import { failureFromError } from './step-failures.mapper';

export interface StepJob {
  orderId: string;
  run: number;
  correlationId: string;
  attempt: number;
  maxAttempts: number;
}

/** What the worker host should do with the job afterwards. */
export type StepJobResult = { rerunInMs: number; recheck?: boolean } | void;

/**
 * Runs one step of one order (the processor's only call). Re-reads the order and skips stale jobs
 * (another run, another step, terminal); commits the step's result, its events and the next command
 * in one transaction; parks and re-checks by re-running the same job later.
 */
export class RunOrderStep {
  constructor(
    private readonly deps: {
      unitOfWork: UnitOfWork;
      orders: OrderRepository;
      commit: CommitOrderChange;
      eventSink: OrderEventSink;
      handlers: readonly StepHandler[];
      parkLimitMs: number;
      onCommitted?: () => void;
      /** Records each attempt (outcome or error) for the operator timeline. */
      recordAttempt?: (orderId: string, entry: Record<string, unknown>) => void;
      clock?: () => Date;
      /** Where the step's commands for other contexts go (the SQL outbox unless a spec says otherwise). */
      outbox?: OutboxWriter;
    },
  ) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  async execute(step: OrderStep, job: StepJob): Promise<StepJobResult> {
    const handler = this.deps.handlers.find((candidate) => candidate.step === step);
    if (!handler) throw new Error(`No handler for step ${step}`);
    const start = (order: Order, now: Date): OrderChange | null => {
      if (order.status === 'action_required' && order.parkedAt && now.getTime() - order.parkedAt.getTime() > this.deps.parkLimitMs) {
        return failOrder(
          order,
          {
            code: 'PARK_EXPIRED',
            message: `Waited too long for: ${order.requiredAction?.message ?? 'an action'}`,
            howToFix: 'Complete the required action, then ask an operator to retry the order',
          },
          now,
        );
      }
      return order.status === 'action_required' ? null : startStep(order, step, now);
    };
    // Most steps start on an order the previous step already left in_progress on this step: then
    // starting changes nothing, and one plain read replaces a locked transaction. Whatever the
    // handler then does is committed by a locked transaction that checks run and step again.
    const current = await this.deps.orders.findById(job.orderId);
    if (!current || current.run !== job.run || current.step !== step || isTerminal(current.status)) return;
    const unchanged = start(current, this.now());
    // A parked order's re-check (start changes nothing: null) needs no transaction either.
    const nothingToStart =
      unchanged === null || (unchanged.order === current && unchanged.events.length === 0 && unchanged.commands.length === 0);
    const started = nothingToStart ? current : await this.transact(job, step, start);
    if (!started || isTerminal(started.status)) return;

    // What this run has seen of the order: a once-only key changed since is a concurrent run's.
    let seen = started;
    const context: StepContext = {
      correlationId: job.correlationId,
      attempt: job.attempt,
      maxAttempts: job.maxAttempts,
      saveProgress: async (patch) => {
        let intentTaken = false;
        const saved = await this.transact(job, step, (order, now) => {
          // One cart, one customer create, one attestation per order: a concurrent run of the same job (a
          // stalled job run again, a re-driven job whose lost predecessor still runs) may have recorded its
          // own since we read the order. Never replace it: this run ends quietly, calling Partner Center no more.
          const cartTaken = patch.checkoutIntent && order.checkoutIntent && order.checkoutIntent.cartId !== patch.checkoutIntent.cartId;
          if (cartTaken || (patch.progress && replacesConcurrentRecord(seen.progress, order.progress, patch.progress))) {
            intentTaken = true;
            return null;
          }
          return {
            order: {
              ...order,
              progress: { ...order.progress, ...patch.progress },
              checkoutIntent: patch.checkoutIntent ?? order.checkoutIntent,
              updatedAt: now,
            },
            events: [],
            commands: [],
          };
        });
        if (!saved || intentTaken) throw new StaleStepError();
        seen = saved;
        return saved;
      },
    };

    let outcome: StepOutcome;
    const attempt = { step, run: job.run, attempt: job.attempt };
    try {
      outcome = await runInLane(laneOf(started), () => handler.run(started, context));
      this.deps.recordAttempt?.(job.orderId, {
        ...attempt,
        outcome: outcome.kind,
        ...(outcome.kind === 'fail' ? { code: outcome.code } : {}),
      });
    } catch (error) {
      if (error instanceof StaleStepError) return;
      this.deps.recordAttempt?.(job.orderId, {
        ...attempt,
        outcome: 'error',
        error: error instanceof Error ? error.message : String(error),
        retryClass: isClassifiedError(error) ? error.retryClass : 'transient',
      });
      const failure = failureFromError(error);
      if (failure) {
        outcome = { kind: 'fail', ...failure };
      } else if (isClassifiedError(error) && (error.retryClass === 'throttled' || error.retryClass === 'upstream_unavailable')) {
        // Visible, not failed; the worker host re-delays the job without burning an attempt.
        const reason = error.retryClass === 'throttled' ? 'partner_center_throttled' : delayReasonOfUnavailable(error.code);
        const retryInMs = Math.max(250, error.retryAfterMs ?? 5_000);
        // A parked order's re-check keeps its own delay reason (and so its re-check lane), and costs no
        // transaction: 100,000 parked orders bounce off the throttle without loading MySQL.
        // Already shown as throttled: a bulk order stepping aside again adds no transaction or event.
        if (started.status === 'in_progress' && laneOf(started) !== 'recheck' && started.delay?.reason !== reason) {
          await this.transact(
            job,
            step,
            (order, now) =>
              order.status === 'in_progress' && laneOf(order) !== 'recheck'
                ? delayOrder(order, reason, new Date(now.getTime() + retryInMs), now)
                : null,
            { withoutCommands: true },
          );
        }
        throw error;
      } else {
        if (job.attempt >= job.maxAttempts) {
          await this.transact(
            job,
            step,
            (order, now) => (order.status === 'in_progress' ? delayOrder(order, 'retries_exhausted', now, now) : null),
            { withoutCommands: true },
          );
        }
        throw error;
      }
    }
    return this.apply(job, step, outcome, seen);
  }

  private async apply(job: StepJob, step: OrderStep, outcome: StepOutcome, seen: Order): Promise<StepJobResult> {
    let rerunInMs: number | null = null;
    let extra: OutboxCommand[] = [];
    let outdated = false;
    await this.transact(
      job,
      step,
      (order, now) => {
        // A concurrent run recorded its create since this run read the order (e.g. this run found the
        // domain taken by that run's new tenant): that run's outcome counts, this one ends quietly.
        if (missedConcurrentRecord(seen.progress, order.progress)) {
          outdated = true;
          return null;
        }
        const withProgress = (patch?: OrderProgress): Order => (patch ? { ...order, progress: { ...order.progress, ...patch } } : order);
        switch (outcome.kind) {
          case 'done': {
            const updated: Order = {
              ...withProgress(outcome.progress),
              account: { ...order.account, ...outcome.account } as Order['account'],
              subscriptions: outcome.subscriptions ?? order.subscriptions,
              portalUrl: outcome.portalUrl ?? order.portalUrl,
            };
            extra = outcome.commands ?? [];
            return completeStep(updated, step, {}, now);
          }
          case 'action':
            rerunInMs = outcome.recheckInMs;
            return requireAction(withProgress(outcome.progress), outcome.action, outcome.recheckInMs, now);
          case 'delay':
            rerunInMs = outcome.retryInMs;
            return delayOrder(withProgress(outcome.progress), outcome.reason, new Date(now.getTime() + outcome.retryInMs), now);
          case 'poll':
            rerunInMs = outcome.retryInMs;
            return { order: { ...withProgress(outcome.progress), updatedAt: now }, events: [], commands: [] };
          case 'fail':
            return failOrder(order, { code: outcome.code, message: outcome.message, howToFix: outcome.howToFix }, now);
        }
      },
      // A re-check re-runs this same job (moved to delayed), so its command is not re-published.
      { withoutCommands: outcome.kind === 'action' || outcome.kind === 'delay' || outcome.kind === 'poll', extra: () => extra },
    );
    // A parked order's re-check runs after every other job of the queue (BullMQ priority).
    const recheck = outcome.kind === 'action' || (outcome.kind === 'delay' && outcome.reason.startsWith('account_'));
    return rerunInMs === null || outdated ? undefined : { rerunInMs, recheck };
  }

  /**
   * Locks the order, checks the job still applies (same run and step, not terminal), applies
   * `change`, commits it with its events and commands, then wakes the relay and live listeners.
   */
  private async transact(
    job: StepJob,
    step: OrderStep,
    change: (order: Order, now: Date) => OrderChange | null,
    options: { withoutCommands?: boolean; extra?: () => OutboxCommand[] } = {},
  ): Promise<Order | null> {
    const result = await this.deps.unitOfWork.pipelined(async (tx: SqlExecutor) => {
      const order = await this.deps.orders.findById(job.orderId, { tx, forUpdate: true });
      if (!order || order.run !== job.run || order.step !== step || isTerminal(order.status)) return null;
      const now = this.now();
      const next = change(order, now);
      if (!next) return { order, events: [] };
      const commands = options.withoutCommands ? [] : next.commands;
      const extra = options.extra?.() ?? [];
      const events = await this.deps.commit.execute(tx, next, { isNew: false, now, commands });
      await (this.deps.outbox ?? SQL_OUTBOX).write(tx, extra, now);
      return { order: next.order, events, published: commands.length + extra.length > 0 };
    });
    if (!result) return null;
    if (result.events.length > 0) this.deps.eventSink.committed(result.events);
    // Only a commit that wrote commands wakes the relay: progress saves and re-checks write none.
    if ('published' in result && result.published) this.deps.onCommitted?.();
    return result.order;
  }
}

class StaleStepError extends Error {}

/**
 * Our own Partner Center credentials failing (code PARTNER_CENTER_AUTHENTICATION, from the Partner
 * Center client's authentication breaker) is a wait of its own: the partner must reconnect Partner Center.
 */
function delayReasonOfUnavailable(code: string): string {
  return code === 'PARTNER_CENTER_AUTHENTICATION' ? 'partner_center_authentication' : 'partner_center_unavailable';
}

/**
 * The throttle lane of a step's Partner Center calls: a parked order's re-check (waiting for the
 * customer, or for Microsoft's account review) takes only what active orders leave.
 */
export function laneOf(order: Order): ThrottleLane {
  if (order.status === 'action_required' || order.delay?.reason.startsWith('account_') === true) return 'recheck';
  return order.request.priority ?? 'interactive';
}
