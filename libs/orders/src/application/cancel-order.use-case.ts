import { type Principal, canSee } from '@nce/accounts';
import type { UnitOfWork } from '@nce/persistence';
import { type Order, cancelOrder } from '../domain/order';
import type { CommitOrderChange } from './commit-order-change';
import { OrderNotFoundError } from './orders.errors';
import type { OrderRepository } from './orders.ports';

/** Owner or operator cancel; refused (domain error) once the checkout intent is recorded. */
export class CancelOrder {
  constructor(private readonly unitOfWork: UnitOfWork, private readonly orders: OrderRepository, private readonly commit: CommitOrderChange, private readonly clock: () => Date = () => new Date()) {}

  async execute(principal: Principal, orderId: string): Promise<Order> {
    return this.unitOfWork.transaction(async (tx) => {
      const order = await this.orders.findById(orderId, { tx, forUpdate: true });
      if (!order || !canSee(principal, order)) throw new OrderNotFoundError(orderId);
      const now = this.clock();
      const change = cancelOrder(order, principal.role === 'operator' ? 'operator' : 'owner', now);
      await this.commit.execute(tx, change, { isNew: false, now });
      return change.order;
    });
  }
}
