import { type Principal, canSee } from '@nce/contracts';
import type { UnitOfWork } from '@nce/persistence';
import { type Order, cancelOrder } from '../domain/order.model';
import type { CommitOrderChange } from './commit-order-change.use-case';
import { NO_EVENT_SINK, type OrderEventSink } from './order-event-sink';
import { OrderNotFoundError } from '../domain/order.errors';
import type { OrderRepository } from './orders.ports';

/** Owner or operator cancel; refused (domain error) once the checkout intent is recorded. */
export class CancelOrder {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly orders: OrderRepository,
    private readonly commit: CommitOrderChange,
    private readonly eventSink: OrderEventSink = NO_EVENT_SINK,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(principal: Principal, orderId: string): Promise<Order> {
    const { order, events } = await this.unitOfWork.transaction(async (tx) => {
      const current = await this.orders.findById(orderId, { tx, forUpdate: true });
      if (!current || !canSee(principal, current)) throw new OrderNotFoundError(orderId);
      const now = this.clock();
      const change = cancelOrder(current, principal.role === 'operator' ? 'operator' : 'owner', now);
      return { order: change.order, events: await this.commit.execute(tx, change, { isNew: false, now }) };
    });
    this.eventSink.committed(events);
    return order;
  }
}
