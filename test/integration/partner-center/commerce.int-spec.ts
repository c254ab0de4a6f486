import { randomUUID } from 'node:crypto';
import { type CreateCartRequest, PC_ERROR, type PartnerCenterClient } from '@nce/partner-center';
import { waitFor } from '@nce/testing';
import { SimHarness, type SimTenantSpec, uniqueDomain } from './sim-harness';

const BASIC = 'CFQ7TTC0LH18:0001:CFQ7TTC0K971';
const ATTESTED = 'CFQ7TTC0W365:0001:CFQ7TTC0K5WB';
const EDUCATION = 'CFQ7TTC0EDU1:0001:CFQ7TTC0K5ED';

function cart(reference: string, lines: Array<Partial<CreateCartRequest['lineItems'][number]>> = [{}]): CreateCartRequest {
  return {
    lineItems: lines.map((line, index) => ({
      id: index,
      catalogItemId: BASIC,
      quantity: 5,
      billingCycle: 'monthly',
      termDuration: 'P1Y',
      friendlyName: `${reference}#${index + 1}`,
      ...line,
    })),
  };
}

async function customer(sim: SimHarness, spec: Partial<SimTenantSpec> = {}): Promise<string> {
  return (await sim.createTenant({ domain: uniqueDomain('com'), ...spec })).tenantId;
}

describe('PartnerCenterClient contract: carts, checkout, orders, subscriptions', () => {
  let sim: SimHarness;
  let client: PartnerCenterClient;

  beforeAll(async () => {
    sim = await SimHarness.start();
    client = sim.client();
  });
  afterAll(() => sim.close());
  afterEach(async () => {
    await sim.clearFaults();
    await sim.control('PUT', '/_sim/settings', { checkoutProcessingMs: 0 });
  });

  it('creates and reads a cart, checks it out, then reads orders, provisioning status and subscriptions', async () => {
    const customerId = await customer(sim);
    const reference = `ORD-${randomUUID().slice(0, 8)}`;
    const created = await client.createCart(customerId, cart(reference));
    expect(created).toMatchObject({
      id: expect.any(String),
      status: 'Active',
      lineItems: [expect.objectContaining({ catalogItemId: BASIC, friendlyName: `${reference}#1` })],
    });
    await expect(client.getCart(customerId, created.id)).resolves.toMatchObject({ id: created.id, status: 'Active' });

    const result = await client.checkoutCart(customerId, created.id, { requestId: randomUUID(), correlationId: reference });
    expect(result.orderErrors).toEqual([]);
    expect(result.orders).toHaveLength(1);
    const [order] = result.orders;
    expect(order.lineItems[0]).toMatchObject({ offerId: BASIC, quantity: 5, friendlyName: `${reference}#1` });

    await expect(client.getCart(customerId, created.id)).resolves.toMatchObject({ status: 'Ordered' });
    await expect(client.getOrder(customerId, order.id)).resolves.toMatchObject({
      id: order.id,
      status: expect.stringMatching(/^(pending|completed)$/),
    });
    await expect(client.listOrders(customerId)).resolves.toEqual([expect.objectContaining({ id: order.id })]);
    const provisioning = await client.getOrderProvisioningStatus(customerId, order.id);
    expect(provisioning).toEqual([expect.objectContaining({ lineItemNumber: 0, status: expect.any(String) })]);

    const subscriptions = await client.listSubscriptionsByOrder(customerId, order.id);
    expect(subscriptions).toEqual([
      expect.objectContaining({ offerId: BASIC, quantity: 5, friendlyName: `${reference}#1`, orderId: order.id }),
    ]);
    await expect(client.getSubscription(customerId, subscriptions[0].id)).resolves.toMatchObject({
      id: subscriptions[0].id,
      status: expect.stringMatching(/^(pending|active)$/),
    });
  });

  it.each<[string, Partial<SimTenantSpec>, (reference: string) => CreateCartRequest, number, string]>([
    ['20002 (no relationship)', { relationship: true }, (r) => cart(r), 403, PC_ERROR.noRelationship],
    ['800073 (account under review)', { accountStatus: 'UnderReview' }, (r) => cart(r), 403, PC_ERROR.accountUnderReview],
    ['800075 (account not allowed)', { accountStatus: 'NotAllowed' }, (r) => cart(r), 403, PC_ERROR.accountNotApproved],
    ['800075 (account status unknown)', { accountStatus: 'Unknown' }, (r) => cart(r), 403, PC_ERROR.accountNotApproved],
    ['13605 (MCA missing)', { mca: 'missing' }, (r) => cart(r), 403, PC_ERROR.mcaNotConfirmed],
    ['13605 (MCA accepted before 2023-04-01)', { mca: 'stale' }, (r) => cart(r), 403, PC_ERROR.mcaNotConfirmed],
    [
      '900206 (partner attestation missing)',
      {},
      (r) => cart(r, [{ participants: [{ key: 'transaction_reseller', value: '5357564' }] }]),
      400,
      PC_ERROR.partnerAttestationMissing,
    ],
    ['900203 (SKU attestation missing)', {}, (r) => cart(r, [{ catalogItemId: ATTESTED }]), 400, PC_ERROR.skuAttestationRequired],
    ['2002 (quantity above the maximum)', {}, (r) => cart(r, [{ quantity: 301 }]), 400, PC_ERROR.quantityOutOfRange],
    [
      '800020 (education offer without an approved qualification)',
      {},
      (r) => cart(r, [{ catalogItemId: EDUCATION, billingCycle: 'annual' }]),
      403,
      PC_ERROR.catalogItemNotEligible,
    ],
  ])('fails checkout with %s as a permanent error', async (label, spec, body, status, code) => {
    const customerId = await customer(sim, spec);
    const created = await client.createCart(customerId, body(`ORD-${label.slice(0, 5)}`));
    if (code === PC_ERROR.noRelationship) await sim.control('POST', `/_sim/tenants/${customerId}/remove-relationship`, {});
    const error = await client.checkoutCart(customerId, created.id, { requestId: randomUUID() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ httpStatus: status, code, retryClass: 'permanent' });
  });

  it('accepts the attested and indirect variants of those carts', async () => {
    const customerId = await customer(sim);
    const body = cart('ORD-ok', [
      { catalogItemId: ATTESTED, attestationAccepted: true, participants: [{ key: 'transaction_reseller', value: '5357564' }] },
    ]);
    const created = await client.createCart(customerId, { ...body, partnerOnRecordAttestationAccepted: true });
    await expect(client.checkoutCart(customerId, created.id, { requestId: randomUUID() })).resolves.toMatchObject({
      orders: [expect.any(Object)],
    });
  });

  it('replays the stored result for the same MS-RequestId, and the first result for another id (revised docs)', async () => {
    const customerId = await customer(sim);
    const created = await client.createCart(customerId, cart('ORD-replay'));
    const requestId = randomUUID();
    const first = await client.checkoutCart(customerId, created.id, { requestId });
    const replay = await client.checkoutCart(customerId, created.id, { requestId });
    expect(replay.orders.map((order) => order.id)).toEqual(first.orders.map((order) => order.id));
    const other = await client.checkoutCart(customerId, created.id, { requestId: randomUUID() });
    expect(other.orders.map((order) => order.id)).toEqual(first.orders.map((order) => order.id));
    const ledger = await sim.ledger();
    expect(ledger.checkouts.filter((checkout) => checkout.cartId === created.id)).toHaveLength(1);
  });

  it('classifies a concurrent checkout (409 800064) as transient', async () => {
    await sim.control('PUT', '/_sim/settings', { checkoutProcessingMs: 400 });
    const customerId = await customer(sim);
    const created = await client.createCart(customerId, cart('ORD-busy'));
    const first = client.checkoutCart(customerId, created.id, { requestId: randomUUID() });
    await waitFor(async () => (await sim.control<{ cartIds: string[] }>('GET', '/_sim/checkouts/in-flight')).cartIds.includes(created.id), {
      intervalMs: 5,
      what: 'the first checkout in flight',
    });
    const error = await client.checkoutCart(customerId, created.id, { requestId: randomUUID() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ httpStatus: 409, code: PC_ERROR.cartBeingProcessed, retryClass: 'transient' });
    await expect(first).resolves.toMatchObject({ orders: [expect.any(Object)] });
  });

  it('after a checkout timeout, retrying with the same MS-RequestId returns the committed result: one checkout in the ledger', async () => {
    const timeoutClient = sim.client({ config: sim.config({}, { timeoutMs: 300 }) });
    const customerId = await customer(sim);
    const reference = `ORD-${randomUUID().slice(0, 8)}`;
    const created = await timeoutClient.createCart(customerId, cart(reference));
    await sim.setFaults([{ method: 'POST', path: '/checkout$', kind: 'timeout', count: 1, latencyMs: 3_000 }]);
    const requestId = randomUUID();

    const timedOut = await timeoutClient
      .checkoutCart(customerId, created.id, { requestId, correlationId: reference })
      .catch((e: unknown) => e);
    expect(timedOut).toMatchObject({ code: 'TIMEOUT', retryClass: 'transient', httpStatus: null });

    // The worker reconciles before deciding: the sim committed, so the cart is Ordered and the order is ours.
    const reconciled = await timeoutClient.reconcileCheckout(customerId, created.id, [`${reference}#1`], { correlationId: reference });
    expect(reconciled.state).toBe('ordered');
    const reconciledIds = reconciled.state === 'ordered' ? reconciled.orders.map((order) => order.id) : [];
    expect(reconciledIds).toHaveLength(1);

    const retried = await timeoutClient.checkoutCart(customerId, created.id, { requestId, correlationId: reference });
    expect(retried.orders.map((order) => order.id)).toEqual(reconciledIds);
    const ledger = await sim.ledger();
    const checkouts = ledger.checkouts.filter((checkout) => checkout.cartId === created.id);
    expect(checkouts).toHaveLength(1);
    expect(checkouts[0]).toMatchObject({ requestId, correlationId: reference });
    expect(ledger.duplicateCheckouts).toBe(0);
  });

  it('reconciles an Active cart as safe to check out again with the same MS-RequestId', async () => {
    const customerId = await customer(sim);
    const created = await client.createCart(customerId, cart('ORD-active'));
    await expect(client.reconcileCheckout(customerId, created.id, ['ORD-active#1'])).resolves.toMatchObject({
      state: 'active',
      cart: { id: created.id },
    });
  });

  it('reports an unknown cart as 404 800008', async () => {
    const customerId = await customer(sim);
    await expect(client.getCart(customerId, randomUUID())).rejects.toMatchObject({
      httpStatus: 404,
      code: '800008',
      retryClass: 'permanent',
    });
  });
});
