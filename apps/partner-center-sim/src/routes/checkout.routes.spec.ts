import { SEED_CATALOG_ITEMS } from '../state/catalog.seed';
import { SimTestKit } from '../testing/sim-test-kit';

type Line = Record<string, unknown>;

function line(catalogItemId: string, extra: Line = {}): Line {
  return { catalogItemId, quantity: 5, billingCycle: 'monthly', termDuration: 'P1Y', friendlyName: 'order-42', ...extra };
}

describe('carts and checkout gates', () => {
  let sim: SimTestKit;

  beforeAll(async () => {
    sim = await SimTestKit.start();
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    await sim.control('POST', '/_sim/reset');
  });

  async function cart(tenantId: string, lineItems: Line[], extra: Line = {}): Promise<string> {
    const response = await sim.call('POST', `/v1/customers/${tenantId}/carts`, { body: { lineItems, ...extra } });
    expect(response.status).toBe(201);
    return String(response.body.id);
  }

  async function checkout(
    tenantId: string,
    cartId: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    return sim.call('POST', `/v1/customers/${tenantId}/carts/${cartId}/checkout`, { headers });
  }

  it('creates an Active cart that echoes line items with currency, order group and a 7-day expiry', async () => {
    const tenantId = await sim.createTenant();
    const response = await sim.call('POST', `/v1/customers/${tenantId}/carts`, {
      body: {
        LineItems: [
          {
            CatalogItemId: SEED_CATALOG_ITEMS.businessBasic,
            Quantity: 3,
            BillingCycle: 'Monthly',
            TermDuration: 'P1M',
            Participants: [{ Key: 'TransactionReseller', Value: '5357564' }],
          },
        ],
        PartnerOnRecordAttestationAccepted: true,
      },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ status: 'Active', partnerOnRecordAttestationAccepted: true, attributes: { objectType: 'Cart' } });
    const [item] = response.body.lineItems as Line[];
    expect(item).toMatchObject({
      id: 0,
      currencyCode: 'USD',
      orderGroup: '0',
      billingCycle: 'monthly',
      participants: [{ key: 'transaction_reseller', value: '5357564' }],
    });
    const lifetime = Date.parse(String(response.body.expirationTimestamp)) - Date.parse(String(response.body.creationTimestamp));
    expect(lifetime).toBe(7 * 86_400_000);
  });

  it('marks an unknown catalog item on the line and refuses checkout with 800009', async () => {
    const tenantId = await sim.createTenant();
    const response = await sim.call('POST', `/v1/customers/${tenantId}/carts`, {
      body: { lineItems: [line('CFQ7TTC0NOPE:0001:CFQ7TTC0NOPE')] },
    });
    expect((response.body.lineItems as Line[])[0].error).toMatchObject({ errorCode: 'CatalogItemIdIsNotValid' });
    expect((await checkout(tenantId, String(response.body.id))).body.code).toBe(800009);
  });

  it('updates a cart with PUT and reads it back with GET', async () => {
    const tenantId = await sim.createTenant();
    const cartId = await cart(tenantId, [line(SEED_CATALOG_ITEMS.businessBasic)]);
    const updated = await sim.call('PUT', `/v1/customers/${tenantId}/carts/${cartId}`, {
      body: { lineItems: [line(SEED_CATALOG_ITEMS.businessStandard, { quantity: 7 })] },
    });
    expect(updated.status).toBe(200);
    const fetched = await sim.call('GET', `/v1/customers/${tenantId}/carts/${cartId}`);
    expect((fetched.body.lineItems as Line[])[0]).toMatchObject({ catalogItemId: SEED_CATALOG_ITEMS.businessStandard, quantity: 7 });
    expect((await sim.call('GET', `/v1/customers/${tenantId}/carts/00000000-0000-0000-0000-000000000000`)).body.code).toBe(800008);
  });

  it('checks out into a completed order with active subscriptions carrying the friendly name', async () => {
    const tenantId = await sim.createTenant();
    const cartId = await cart(tenantId, [
      line(SEED_CATALOG_ITEMS.businessBasic),
      line(SEED_CATALOG_ITEMS.office365E3, { billingCycle: 'annual', friendlyName: 'order-42-e3' }),
    ]);
    const response = await checkout(tenantId, cartId);
    expect(response.status).toBe(201);
    const orders = response.body.orders as Record<string, unknown>[];
    expect(orders).toHaveLength(2);
    expect(response.body.orderErrors).toEqual([]);
    expect(orders[0]).toMatchObject({
      status: 'completed',
      billingCycle: 'monthly',
      currencyCode: 'USD',
      lineItems: [expect.objectContaining({ friendlyName: 'order-42', subscriptionId: expect.any(String) })],
    });
    const subscriptions = await sim.call<{ items: Record<string, unknown>[] }>(
      'GET',
      `/v1/customers/${tenantId}/subscriptions?order_id=${String(orders[1].id)}`,
    );
    expect(subscriptions.body.items[0]).toMatchObject({
      status: 'active',
      friendlyName: 'order-42-e3',
      billingCycle: 'annual',
      termDuration: 'P1Y',
      autoRenewEnabled: true,
      offerId: SEED_CATALOG_ITEMS.office365E3,
      orderId: orders[1].id,
    });
    const cartAfter = await sim.call('GET', `/v1/customers/${tenantId}/carts/${cartId}`);
    expect(cartAfter.body.status).toBe('Ordered');
  });

  const gates: [string, Line, Line[], Line, number, number][] = [
    ['relationship', { relationship: true }, [line(SEED_CATALOG_ITEMS.businessBasic)], {}, 403, 20002],
    ['account under review', { accountStatus: 'UnderReview' }, [line(SEED_CATALOG_ITEMS.businessBasic)], {}, 403, 800073],
    ['account not allowed', { accountStatus: 'NotAllowed' }, [line(SEED_CATALOG_ITEMS.businessBasic)], {}, 403, 800075],
    ['account unknown', { accountStatus: 'Unknown' }, [line(SEED_CATALOG_ITEMS.businessBasic)], {}, 403, 800075],
    ['missing MCA', { mca: 'missing' }, [line(SEED_CATALOG_ITEMS.businessBasic)], {}, 403, 13605],
    ['stale MCA', { mca: 'stale' }, [line(SEED_CATALOG_ITEMS.businessBasic)], {}, 403, 13605],
    [
      'partner of record',
      {},
      [line(SEED_CATALOG_ITEMS.businessBasic, { participants: [{ key: 'transaction_reseller', value: '5357564' }] })],
      {},
      400,
      900206,
    ],
    ['SKU attestation', {}, [line(SEED_CATALOG_ITEMS.windows365Attested)], {}, 400, 900203],
    ['quantity', {}, [line(SEED_CATALOG_ITEMS.businessBasic, { quantity: 301 })], {}, 400, 2002],
    ['education qualification', {}, [line(SEED_CATALOG_ITEMS.educationFaculty)], {}, 403, 800020],
  ];

  it.each(gates)('refuses checkout at the %s gate', async (gate, tenantSpec, lineItems, cartExtra, status, code) => {
    const tenantId = await sim.createTenant(tenantSpec);
    const cartId = await cart(tenantId, lineItems, cartExtra);
    if (gate === 'relationship') await sim.control('POST', `/_sim/tenants/${tenantId}/remove-relationship`);
    const response = await checkout(tenantId, cartId);
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(response.body.source).toBe('PartnerFD');
  });

  it('passes the indirect, attested and education gates when their conditions hold', async () => {
    const tenantId = await sim.createTenant({ qualifications: ['Education'] });
    const cartId = await cart(
      tenantId,
      [
        line(SEED_CATALOG_ITEMS.businessBasic, { participants: [{ key: 'transaction_reseller', value: '5357564' }] }),
        line(SEED_CATALOG_ITEMS.windows365Attested, { attestationAccepted: true }),
        line(SEED_CATALOG_ITEMS.educationFaculty, { billingCycle: 'annual' }),
      ],
      { partnerOnRecordAttestationAccepted: true },
    );
    const response = await checkout(tenantId, cartId);
    expect(response.status).toBe(201);
    const lines = (response.body.orders as { lineItems: Line[] }[]).flatMap((order) => order.lineItems);
    expect(lines[0]).toMatchObject({ partnerIdOnRecord: '5357564' });
  });

  it('evaluates gates in the configured order', async () => {
    const tenantId = await sim.createTenant({ mca: 'missing', accountStatus: 'UnderReview' });
    const cartId = await cart(tenantId, [line(SEED_CATALOG_ITEMS.businessBasic)]);
    expect((await checkout(tenantId, cartId)).body.code).toBe(800073);
    await sim.control('PUT', '/_sim/settings', { checkoutGates: ['mca', 'account'] });
    expect((await checkout(tenantId, cartId)).body.code).toBe(13605);
    await sim.control('PUT', '/_sim/settings', { checkoutGates: [] });
    expect((await checkout(tenantId, cartId)).status).toBe(201);
  });

  it('answers 404 400019 when an item stopped being sold after the cart was built', async () => {
    const tenantId = await sim.createTenant();
    const cartId = await cart(tenantId, [line(SEED_CATALOG_ITEMS.businessStandard)]);
    await sim.control('POST', '/_sim/catalog/retire', { catalogItemId: SEED_CATALOG_ITEMS.businessStandard });
    const response = await checkout(tenantId, cartId, { 'MS-RequestId': 'c0de0001-0000-4000-8000-000000000001' });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 400019 });
  });

  it('carries the line errors of a refused checkout (400 800009) in data', async () => {
    const tenantId = await sim.createTenant();
    await sim.control('POST', '/_sim/catalog/retire', { catalogItemId: SEED_CATALOG_ITEMS.businessStandard });
    const response = await checkout(tenantId, await cart(tenantId, [line(SEED_CATALOG_ITEMS.businessStandard)]));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 800009, data: [{ lineItemId: 0, errorCode: 'CatalogItemIdIsNotValid' }] });
  });

  it('refuses checkout with 403 800074 while the account is not ready', async () => {
    const tenantId = await sim.createTenant({ accountStatus: 'Not Ready' });
    const response = await checkout(tenantId, await cart(tenantId, [line(SEED_CATALOG_ITEMS.businessBasic)]));
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 800074 });
  });

  it('commits the checkout but answers 409 800060 under the 800060 fault', async () => {
    const tenantId = await sim.createTenant();
    const cartId = await cart(tenantId, [line(SEED_CATALOG_ITEMS.businessBasic)]);
    await sim.control('PUT', '/_sim/faults', [{ method: 'POST', path: '/checkout$', kind: '800060', count: 1 }]);
    const response = await checkout(tenantId, cartId, { 'MS-RequestId': 'c0de0002-0000-4000-8000-000000000001' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 800060 });
    expect((await sim.call('GET', `/v1/customers/${tenantId}/carts/${cartId}`)).body).toMatchObject({ status: 'Ordered' });
    expect((await sim.control('GET', '/_sim/ledger?requests=false')).body).toMatchObject({ checkouts: [expect.anything()] });
  });
});
