import { CommerceApi } from './commerce.api';
import { FakeTransport } from './fake-transport.testing';

const line = (friendlyName: string) => ({ lineItemNumber: 0, offerId: 'o', quantity: 1, friendlyName });

describe('CommerceApi', () => {
  it('checks out with the caller MS-RequestId and no body', async () => {
    const transport = new FakeTransport().answer('POST /v1/customers/c/carts/k/checkout', {
      status: 201,
      body: { orders: [{ id: 'o1' }] },
    });
    const result = await new CommerceApi(transport).checkoutCart('c', 'k', { requestId: 'intent-1', correlationId: 'order-1' });
    expect(result).toEqual({ orders: [{ id: 'o1' }], orderErrors: [] });
    expect(transport.calls[0]).toMatchObject({
      dependency: 'commerce',
      body: undefined,
      context: { requestId: 'intent-1', correlationId: 'order-1' },
      customerId: 'c',
    });
  });

  it('lists subscriptions of an order with the order_id filter', async () => {
    const transport = new FakeTransport().answer('GET /v1/customers/c/subscriptions?order_id=o1', {
      body: { items: [{ id: 's1', status: 'pending' }] },
    });
    await expect(new CommerceApi(transport).listSubscriptionsByOrder('c', 'o1')).resolves.toEqual([{ id: 's1', status: 'pending' }]);
  });

  describe('reconcileCheckout', () => {
    it('finds the orders carrying our friendly names when the cart is Ordered', async () => {
      const transport = new FakeTransport()
        .answer('GET /v1/customers/c/carts/k', { body: { id: 'k', status: 'Ordered', lineItems: [] } })
        .answer('GET /v1/customers/c/orders', {
          body: {
            items: [
              { id: 'mine', lineItems: [line('ORD-1#1')] },
              { id: 'other', lineItems: [line('ORD-9#1')] },
              { id: 'bare', lineItems: [] },
            ],
          },
        });
      const result = await new CommerceApi(transport).reconcileCheckout('c', 'k', ['ORD-1#1', 'ORD-1#2'], {
        requestId: 'intent-1',
        correlationId: 'order-1',
      });
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
  describe('updateSubscription', () => {
    const path = 'PATCH /v1/customers/c/subscriptions/s1';
    const current = {
      id: 's1',
      offerId: 'o',
      quantity: 10,
      status: 'active',
      autoRenewEnabled: true,
      friendlyName: 'f',
      attributes: { etag: 'W/"s1-3"', objectType: 'Subscription' },
    };

    it('sends the full subscription with the change, the etag as If-Match and the caller MS-RequestId', async () => {
      const transport = new FakeTransport()
        .answer('GET /v1/customers/c/subscriptions/s1', { body: current })
        .answer(path, { body: { ...current, quantity: 12 } });
      const updated = await new CommerceApi(transport).updateSubscription(
        'c',
        's1',
        { quantity: 12 },
        { requestId: 'change-intent-1', correlationId: 'change-1' },
      );
      expect(updated.quantity).toBe(12);
      const [read, patch] = transport.calls;
      // The read gets its own MS-RequestId: the change's id belongs to the PATCH alone.
      expect(read.context).toEqual({ correlationId: 'change-1' });
      expect(patch).toMatchObject({
        dependency: 'commerce',
        customerId: 'c',
        headers: { 'If-Match': 'W/"s1-3"' },
        context: { requestId: 'change-intent-1', correlationId: 'change-1' },
      });
      expect(patch.body).toEqual({ ...current, quantity: 12 });
    });

    it('cancels with status deleted and switches auto-renew without touching other fields', async () => {
      const transport = new FakeTransport()
        .answer('GET /v1/customers/c/subscriptions/s1', { body: current })
        .answer(path, { body: current });
      const api = new CommerceApi(transport);
      await api.updateSubscription('c', 's1', { status: 'deleted' }, { requestId: 'r1' });
      await api.updateSubscription('c', 's1', { autoRenewEnabled: false, quantity: undefined }, { requestId: 'r2' });
      expect(transport.calls[1].body).toEqual({ ...current, status: 'deleted' });
      expect(transport.calls[3].body).toEqual({ ...current, autoRenewEnabled: false });
    });

    it('sends no If-Match when the subscription carries no etag', async () => {
      const { attributes: _attributes, ...withoutEtag } = current;
      const transport = new FakeTransport()
        .answer('GET /v1/customers/c/subscriptions/s1', { body: withoutEtag })
        .answer(path, { body: withoutEtag });
      await new CommerceApi(transport).updateSubscription('c', 's1', { quantity: 11 }, { requestId: 'r' });
      expect(transport.calls[1].headers).toBeUndefined();
    });
  });
});
