import { randomUUID } from 'node:crypto';
import { type PartnerCenterClient, subscriptionChangeRefusal } from '@nce/partner-center';
import { SimHarness, uniqueDomain } from './sim-harness';

const BASIC = 'CFQ7TTC0LH18:0001:CFQ7TTC0K971';

describe('PartnerCenterClient contract: subscription changes (issue 17)', () => {
  let sim: SimHarness;
  let client: PartnerCenterClient;

  beforeAll(async () => {
    sim = await SimHarness.start();
    client = sim.client();
  });
  afterAll(() => sim.close());
  afterEach(() => sim.clearFaults());

  async function subscription(quantity = 5): Promise<{ customerId: string; subscriptionId: string }> {
    const customerId = (await sim.createTenant({ domain: uniqueDomain('sub') })).tenantId;
    const cart = await client.createCart(customerId, {
      lineItems: [{ id: 0, catalogItemId: BASIC, quantity, billingCycle: 'monthly', termDuration: 'P1Y', friendlyName: 'SUB#1' }],
    });
    const { orders } = await client.checkoutCart(customerId, cart.id, { requestId: randomUUID() });
    const [first] = await client.listSubscriptionsByOrder(customerId, orders[0].id);
    return { customerId, subscriptionId: first.id };
  }

  it('increases, reduces within the window, switches auto-renew off and cancels, each read back with its windows', async () => {
    const { customerId, subscriptionId } = await subscription();
    const read = await client.getSubscription(customerId, subscriptionId);
    expect(read.refundableQuantity).toEqual({
      totalQuantity: 5,
      details: [{ quantity: 5, allowedUntilDateTime: read.cancellationAllowedUntilDate }],
    });
    expect(read.commitmentEndDateTime).toEqual(expect.any(String));

    await expect(
      client.updateSubscription(customerId, subscriptionId, { quantity: 8 }, { requestId: randomUUID() }),
    ).resolves.toMatchObject({ quantity: 8, refundableQuantity: { totalQuantity: 8 } });
    await expect(
      client.updateSubscription(customerId, subscriptionId, { quantity: 6 }, { requestId: randomUUID() }),
    ).resolves.toMatchObject({ quantity: 6 });
    await expect(
      client.updateSubscription(customerId, subscriptionId, { autoRenewEnabled: false }, { requestId: randomUUID() }),
    ).resolves.toMatchObject({ autoRenewEnabled: false, quantity: 6 });
    await expect(
      client.updateSubscription(customerId, subscriptionId, { status: 'deleted' }, { requestId: randomUUID() }),
    ).resolves.toMatchObject({ status: 'deleted' });
  });

  it('maps the refusals after the window and on a cancelled subscription to our codes', async () => {
    const { customerId, subscriptionId } = await subscription();
    await sim.control('POST', `/_sim/subscriptions/${subscriptionId}/age`, { hours: 169 });
    const reduction = await client
      .updateSubscription(customerId, subscriptionId, { quantity: 4 }, { requestId: randomUUID() })
      .catch((e: unknown) => e);
    expect(subscriptionChangeRefusal(reduction)).toEqual({ code: 'REFUND_WINDOW_CLOSED', detail: expect.stringContaining('0 of 5') });
    const cancel = await client
      .updateSubscription(customerId, subscriptionId, { status: 'deleted' }, { requestId: randomUUID() })
      .catch((e: unknown) => e);
    expect(subscriptionChangeRefusal(cancel)?.code).toBe('REFUND_WINDOW_CLOSED');
    const tooMany = await client
      .updateSubscription(customerId, subscriptionId, { quantity: 301 }, { requestId: randomUUID() })
      .catch((e: unknown) => e);
    expect(subscriptionChangeRefusal(tooMany)?.code).toBe('QUANTITY_OUT_OF_RANGE');
  });

  it('after a PATCH timeout that committed, resending the same MS-RequestId returns the first result: one change in the ledger', async () => {
    const timeoutClient = sim.client({ config: sim.config({}, { timeoutMs: 300 }) });
    const { customerId, subscriptionId } = await subscription();
    await sim.setFaults([{ method: 'PATCH', path: '/subscriptions/', kind: 'timeout', count: 1, latencyMs: 3_000 }]);
    const context = { requestId: randomUUID(), correlationId: `CHG-${randomUUID().slice(0, 8)}` };
    const timedOut = await timeoutClient.updateSubscription(customerId, subscriptionId, { quantity: 9 }, context).catch((e: unknown) => e);
    expect(timedOut).toMatchObject({ code: 'TIMEOUT', httpStatus: null });
    expect(subscriptionChangeRefusal(timedOut)).toBeUndefined();

    const retried = await timeoutClient.updateSubscription(customerId, subscriptionId, { quantity: 9 }, context);
    expect(retried.quantity).toBe(9);
    const ledger = await sim.ledger();
    const changes = ledger.subscriptionChanges.filter((change) => change.subscriptionId === subscriptionId);
    expect(changes).toEqual([
      expect.objectContaining({ requestId: context.requestId, correlationId: context.correlationId, changed: { quantity: 9 } }),
    ]);
    expect(ledger.duplicateSubscriptionChanges).toBe(0);
  });
});
