import type { OutboxCommand } from '@nce/messaging';
import { backoffDelay } from '@nce/resilience';
import type { Order, OrderSubscription, RequiredAction } from '../domain/order.model';
import type { OrderProgress, StepProgress } from '../domain/order-progress.model';
import type { OrderStep } from '../domain/order-state-machine';

/** What a step reports; the runner turns it into a state change through the domain functions. */
export type StepOutcome<P extends OrderProgress = OrderProgress> =
  | {
      kind: 'done';
      /** Merged into order.progress (tenant id, attestation id, ...). */
      progress?: P;
      account?: Partial<Pick<Order['account'], 'customerTenantId'>>;
      subscriptions?: OrderSubscription[];
      portalUrl?: string;
      /** Commands for other contexts (e.g. a GDAP check), committed with the change. */
      commands?: OutboxCommand[];
    }
  | { kind: 'action'; action: RequiredAction; recheckInMs: number; progress?: P }
  | { kind: 'delay'; reason: string; retryInMs: number; progress?: P }
  /** Still working on it (e.g. waiting for subscriptions to turn active): run the same job again soon. */
  | { kind: 'poll'; retryInMs: number; progress?: P }
  | { kind: 'fail'; code: string; message: string; howToFix: string };

export interface StepContext<P extends OrderProgress = OrderProgress> {
  correlationId: string;
  attempt: number;
  maxAttempts: number;
  /**
   * Commits progress before a side effect (e.g. the MS-RequestId of a create, the checkout intent)
   * so that a retry after a crash reuses it. Returns the order as stored.
   */
  saveProgress(patch: { progress?: P; checkoutIntent?: Order['checkoutIntent'] }): Promise<Order>;
}

/** A step plugged into the runner; it writes only its own slice of the order's progress. */
export interface StepHandler<S extends OrderStep = OrderStep> {
  readonly step: S;
  run(order: Order, context: StepContext<StepProgress[S]>): Promise<StepOutcome<StepProgress[S]>>;
}

/** The re-check delay of a parked or delayed step: base · 2^checks, capped, no jitter. */
export function recheckDelay(checks: number, settings: { recheckBaseMs: number; recheckMaxMs: number }): number {
  return backoffDelay(checks + 1, { baseMs: settings.recheckBaseMs, maxMs: settings.recheckMaxMs, jitter: 'none' });
}
