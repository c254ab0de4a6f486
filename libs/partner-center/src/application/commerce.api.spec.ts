import { CommerceApi } from './commerce.api';
import { FakeTransport } from './fake-transport.testing';

const line = (friendlyName: string) => ({ lineItemNumber: 0, offerId: 'o', quantity: 1, friendlyName });

describe('CommerceApi', () => {
  it('checks out with the caller MS-RequestId and no body', async () => {
    const transport = new FakeTransport().answer('POST /v1/customers/c/carts/k/checkout', { status: 201, body: { orders: [{ id: 'o1' }] } });
    const result = await new CommerceApi(transport).checkoutCart('c', 'k', { requestId: 'intent-1', correlationId: 'order-1' });
    expect(result).toEqual({ orders: [{ id: 'o1' }], orderErrors: [] });
    expect(transport.calls[0]).toMatchObject({ dependency: 'commerce', body: undefined, context: { requestId: 'intent-1', correlationId: 'order-1' }, customerId: 'c' });
  });

  it('lists subscriptions of an order with the order_id filter', async () => {
    const transport = new FakeTransport().answer('GET /v1/customers/c/subscriptions?order_id=o1', { body: { items: [{ id: 's1', status: 'pending' }] } });
    await expect(new CommerceApi(transport).listSubscriptionsByOrder('c', 'o1')).resolves.toEqual([{ id: 's1', status: 'pending' }]);
  });

  describe('reconcileCheckout', () => {
    it('finds the orders carrying our friendly names when the cart is Ordered', async () => {
      const transport = new FakeTransport()
        .answer('GET /v1/customers/c/carts/k', { body: { id: 'k', status: 'Ordered', lineItems: [] } })
        .answer('GET /v1/customers/c/orders', {
          body: { items: [{ id: 'mine', lineItems: [line('ORD-1#1')] }, { id: 'other', lineItems: [line('ORD-9#1')] }, { id: 'bare', lineItems: [] }] },
        });
      const result = await new CommerceApi(transport).reconcileCheckout('c', 'k', ['ORD-1#1', 'ORD-1#2'], { requestId: 'intent-1', correlationId: 'order-1' });
      expect(result.state).toBe('ordered');
      expect(result.state === 'ordered' && result.orders.map((order) => order.id)).toEqual(['mine']);
      // The checkout's MS-RequestId must never be reused for the read-back calls.
      expect(transport.calls.map((call) => call.context)).toEqual([{ correlationId: 'order-1' }, { correlationId: 'order-1' }]);
    });

    it('says active (check out again with the same MS-RequestId) when the cart was not submitted', async () => {
      const transport = new FakeTransport().answer('GET /v1/customers/c/carts/k', { body: { id: 'k', status: 'Active', lineItems: [] } });
      const result = await new CommerceApi(transport).reconcileCheckout('c', 'k', ['ORD-1#1']);
      expect(result).toEqual({ state: 'active', cart: { id: 'k', status: 'Active', lineItems: [] } });
      expect(transport.calls).toHaveLength(1);
    });
  });
});
