import { waitFor } from '@nce/testing/fakes';
import { SEED_CATALOG_ITEMS } from '../state/catalog.seed';
import { SimTestKit } from '../testing/sim-test-kit';

type Body = Record<string, unknown>;

describe('orders and subscriptions', () => {
  let sim: SimTestKit;

  beforeAll(async () => {
    sim = await SimTestKit.start();
    // Both tokens up front (the App+User one takes a consent): the timing test below measures 150 ms.
    await sim.token('app');
    await sim.token('user');
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    await sim.control('POST', '/_sim/reset');
  });

  async function purchase(lineExtra: Body = {}): Promise<{ tenantId: string; order: Body }> {
    const tenantId = await sim.createTenant();
    const cart = await sim.call('POST', `/v1/customers/${tenantId}/carts`, {
      body: {
        lineItems: [
          {
            catalogItemId: SEED_CATALOG_ITEMS.businessPremium,
            quantity: 10,
            billingCycle: 'annual',
            termDuration: 'P1Y',
            friendlyName: 'ref-77',
            ...lineExtra,
          },
        ],
      },
    });
    const checkout = await sim.call('POST', `/v1/customers/${tenantId}/carts/${String(cart.body.id)}/checkout`);
    expect(checkout.status).toBe(201);
    return { tenantId, order: (checkout.body.orders as Body[])[0] };
  }

  it('keeps orders pending and subscriptions pending until the provisioning delay has passed', async () => {
    await sim.control('PUT', '/_sim/settings', { provisioningDelayMs: 150 });
    const { tenantId, order } = await purchase();
    expect(order.status).toBe('pending');
    expect((order.lineItems as Body[])[0].subscriptionId).toBeUndefined();
    const orderId = String(order.id);
    const pendingSubscriptions = await sim.call<{ items: Body[] }>(
      'GET',
      `/v1/customers/${tenantId}/subscriptions?order_id=${encodeURIComponent(orderId)}`,
    );
    expect(pendingSubscriptions.body.items[0]).toMatchObject({ status: 'pending', friendlyName: 'ref-77' });
    const provisioning = await sim.call<{ items: Body[] }>('GET', `/v1/customers/${tenantId}/orders/${orderId}/provisioningstatus`);
    expect(provisioning.body.items[0]).toMatchObject({ lineItemNumber: 0, status: 'PrefulfillmentPending' });
    const subscriptionId = String(pendingSubscriptions.body.items[0].id);
    expect((await sim.call('GET', `/v1/customers/${tenantId}/subscriptions/${subscriptionId}/provisioningstatus`)).body).toMatchObject({
      skuId: '0002',
      status: 'pending',
      quantity: 10,
    });

    const completed = await waitFor(
      async () => {
        const answer = await sim.call('GET', `/v1/customers/${tenantId}/orders/${orderId}`);
        return answer.body.status === 'completed' ? answer : undefined;
      },
      { intervalMs: 10, what: 'the order to complete' },
    );
    expect(completed.body).toMatchObject({
      status: 'completed',
      lineItems: [expect.objectContaining({ subscriptionId, friendlyName: 'ref-77' })],
    });
    expect((await sim.call('GET', `/v1/customers/${tenantId}/subscriptions/${subscriptionId}`)).body.status).toBe('active');
    expect((await sim.call('GET', `/v1/customers/${tenantId}/subscriptions/${subscriptionId}/provisioningstatus`)).body.status).toBe(
      'success',
    );
  });

  it('computes subscription dates from the term and billing cycle', async () => {
    const { tenantId } = await purchase();
    const list = await sim.call<{ items: Body[] }>('GET', `/v1/customers/${tenantId}/subscriptions`);
    const subscription = list.body.items[0];
    const start = new Date(String(subscription.effectiveStartDate));
    const expectedEnd = new Date(Date.UTC(start.getUTCFullYear() + 1, start.getUTCMonth(), start.getUTCDate()) - 86_400_000);
    expect(subscription).toMatchObject({
      offerId: SEED_CATALOG_ITEMS.businessPremium,
      offerName: 'Microsoft 365 Business Premium',
      productType: { id: 'OnlineServicesNCE' },
      unitType: 'Licenses',
      billingType: 'license',
      billingCycle: 'annual',
      termDuration: 'P1Y',
      quantity: 10,
      commitmentEndDate: `${expectedEnd.toISOString().slice(0, 10)}T00:00:00Z`,
      refundOptions: [expect.objectContaining({ type: 'Full' })],
      attributes: { etag: expect.any(String), objectType: 'Subscription' },
    });
  });

  it('cancels a subscription with PATCH status deleted and checks If-Match', async () => {
    const { tenantId } = await purchase();
    const subscription = (await sim.call<{ items: Body[] }>('GET', `/v1/customers/${tenantId}/subscriptions`)).body.items[0];
    const path = `/v1/customers/${tenantId}/subscriptions/${String(subscription.id)}`;
    const etag = String((subscription.attributes as Body).etag);
    const stale = await sim.call('PATCH', path, { body: { status: 'deleted' }, headers: { 'If-Match': 'W/"stale"' } });
    expect(stale.status).toBe(412);
    const cancelled = await sim.call('PATCH', path, { body: { ...subscription, Status: 'deleted' }, headers: { 'If-Match': etag } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('deleted');
    expect((await sim.call('PATCH', path, { body: { quantity: 3 } })).status).toBe(400);
  });

  it('changes seats within the SKU limits', async () => {
    const { tenantId } = await purchase();
    const subscription = (await sim.call<{ items: Body[] }>('GET', `/v1/customers/${tenantId}/subscriptions`)).body.items[0];
    const path = `/v1/customers/${tenantId}/subscriptions/${String(subscription.id)}`;
    expect((await sim.call('PATCH', path, { body: { quantity: 12 } })).body.quantity).toBe(12);
    expect((await sim.call('PATCH', path, { body: { quantity: 301 } })).body.code).toBe(2002);
  });
});
