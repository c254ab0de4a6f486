import type { Principal } from '@nce/contracts';
import type { SqlAuditLog, UnitOfWork } from '@nce/persistence';
import { type Order, retryFailedOrder } from '../domain/order.model';
import { OrderConflictError, OrderNotFoundError } from '../domain/order.errors';
import type { CommitOrderChange } from './commit-order-change.use-case';
import type { OrderEventSink } from './order-event-sink';
import type { OrderRepository } from './orders.ports';

/**
 * Operator retry of a failed order from the step that failed: the transition, its event, the step
 * command (a fresh run, so a fresh job id) and the audit record commit together.
 */
export class RetryFailedOrder {
  constructor(
    private readonly deps: {
      unitOfWork: UnitOfWork;
      orders: OrderRepository;
      commit: CommitOrderChange;
      audit: Pick<SqlAuditLog, 'record'>;
      eventSink: OrderEventSink;
      onCommitted: () => void;
      clock?: () => Date;
    },
  ) {}

  async execute(principal: Principal, orderId: string): Promise<Order> {
    const { order, events } = await this.deps.unitOfWork.transaction(async (tx) => {
      const current = await this.deps.orders.findById(orderId, { tx, forUpdate: true });
      if (!current) throw new OrderNotFoundError(orderId);
      if (current.status !== 'failed') throw new OrderConflictError(`Only a failed order can be retried; this one is ${current.status}`);
      const now = this.deps.clock?.() ?? new Date();
      const change = retryFailedOrder(current, now);
      const appended = await this.deps.commit.execute(tx, change, { isNew: false, now });
      await this.deps.audit.record(
        {
          actorKeyId: principal.apiKeyId,
          actorRole: principal.role,
          action: 'order.retry',
          targetType: 'order',
          targetId: orderId,
          details: { step: change.order.step, run: change.order.run, failure: current.failure },
        },
        tx,
        now,
      );
      return { order: change.order, events: appended };
    });
    this.deps.eventSink.committed(events);
    this.deps.onCommitted();
    return order;
  }
}
