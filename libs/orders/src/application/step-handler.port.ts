import type { OutboxCommand } from '@nce/messaging';
import type { Order, OrderSubscription, RequiredAction } from '../domain/order.model';
import type { OrderStep } from '../domain/order-state-machine';

/** What a step reports; the runner turns it into a state change through the domain functions. */
export type StepOutcome =
  | {
      kind: 'done';
      /** Merged into order.progress (tenant id, attestation id, ...). */
      progress?: Record<string, unknown>;
      account?: Partial<Pick<Order['account'], 'customerTenantId'>>;
      subscriptions?: OrderSubscription[];
      portalUrl?: string;
      /** Commands for other contexts (e.g. a GDAP check), committed with the change. */
      commands?: OutboxCommand[];
    }
  | { kind: 'action'; action: RequiredAction; recheckInMs: number; progress?: Record<string, unknown> }
  | { kind: 'delay'; reason: string; retryInMs: number; progress?: Record<string, unknown> }
  /** Still working on it (e.g. waiting for subscriptions to turn active): run the same job again soon. */
  | { kind: 'poll'; retryInMs: number; progress?: Record<string, unknown> }
  | { kind: 'fail'; code: string; message: string; howToFix: string };

export interface StepContext {
  correlationId: string;
  attempt: number;
  maxAttempts: number;
  /**
   * Commits progress before a side effect (e.g. the MS-RequestId of a create, the checkout intent)
   * so that a retry after a crash reuses it. Returns the order as stored.
   */
  saveProgress(patch: { progress?: Record<string, unknown>; checkoutIntent?: Order['checkoutIntent'] }): Promise<Order>;
}

export interface StepHandler {
  readonly step: OrderStep;
  run(order: Order, context: StepContext): Promise<StepOutcome>;
}
