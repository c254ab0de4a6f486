import type { Order, OrderProgress, StepContext } from '@nce/orders';

/**
 * The runner's side of a step in memory: `saveProgress` commits into `order` (what a retry would
 * read) and is recorded, so a spec can run the step again on what was saved.
 */
export class FakeStepContext<P extends OrderProgress = OrderProgress> implements StepContext<P> {
  readonly saves: Array<{ progress?: P; checkoutIntent?: Order['checkoutIntent'] }> = [];
  correlationId: string;
  attempt = 1;
  maxAttempts = 8;

  constructor(public order: Order) {
    this.correlationId = order.id;
  }

  async saveProgress(patch: { progress?: P; checkoutIntent?: Order['checkoutIntent'] }): Promise<Order> {
    this.saves.push(patch);
    this.order = {
      ...this.order,
      progress: { ...this.order.progress, ...patch.progress },
      checkoutIntent: patch.checkoutIntent ?? this.order.checkoutIntent,
    };
    return this.order;
  }

  /** The order as a retry reads it after an outcome's progress was committed. */
  commit(progress: OrderProgress | undefined): Order {
    this.order = { ...this.order, progress: { ...this.order.progress, ...progress } };
    return this.order;
  }
}
