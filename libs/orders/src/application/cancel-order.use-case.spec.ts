import type { Principal } from '@nce/contracts';
import { inMemoryOrdersContext, anOrder } from '@nce/testing/fakes';
import { CancelOrder, CheckoutAlreadyRecordedError, OrderNotFoundError, OrderTerminalError } from '../index';
import type { Order } from '../domain/order.model';

const order = anOrder();
const owner: Principal = { apiKeyId: 'k-p', role: 'partner', partnerId: order.partnerId, customerId: null };
const operator: Principal = { apiKeyId: 'k-o', role: 'operator', partnerId: null, customerId: null };
const stranger: Principal = { apiKeyId: 'k-s', role: 'partner', partnerId: 'another-partner', customerId: null };

function setup(seed: Order) {
  const context = inMemoryOrdersContext();
  context.orders.seed(seed);
  return {
    context,
    cancel: new CancelOrder(context.unitOfWork.asUnitOfWork(), context.orders, context.commit, context.sink, context.clock.now),
    stored: () => context.orders.get(seed.id),
  };
}

describe('CancelOrder', () => {
  it('cancels for the owner and for an operator, with who did it in the event', async () => {
    for (const [principal, by] of [
      [owner, 'owner'],
      [operator, 'operator'],
    ] as const) {
      const { cancel, context, stored } = setup(anOrder({ status: 'in_progress' }));
      expect((await cancel.execute(principal, order.id)).status).toBe('cancelled');
      expect(stored()).toMatchObject({ status: 'cancelled', step: null });
      expect(context.sink.events.map((event) => [event.type, event.data.by])).toEqual([['order.cancelled', by]]);
    }
  });

  it('refuses once the checkout intent is recorded, and changes nothing', async () => {
    const { cancel, stored, context } = setup(
      anOrder({ status: 'in_progress', step: 'subscription', checkoutIntent: { cartId: 'c', requestId: 'r', at: 'x' } }),
    );
    await expect(cancel.execute(owner, order.id)).rejects.toBeInstanceOf(CheckoutAlreadyRecordedError);
    expect(stored().status).toBe('in_progress');
    expect(context.unitOfWork.rollbacks).toBe(1);
  });

  it('refuses a finished order, and hides orders the caller cannot see', async () => {
    await expect(setup(anOrder({ status: 'completed', step: null })).cancel.execute(owner, order.id)).rejects.toBeInstanceOf(
      OrderTerminalError,
    );
    await expect(setup(anOrder()).cancel.execute(stranger, order.id)).rejects.toBeInstanceOf(OrderNotFoundError);
  });
});
