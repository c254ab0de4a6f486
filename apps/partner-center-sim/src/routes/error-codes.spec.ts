import { SEED_CATALOG_ITEMS } from '../state/catalog.seed';
import { SimTestKit, customerBody, uniqueDomain } from '../testing/sim-test-kit';

const line = (catalogItemId: string) => ({ catalogItemId, quantity: 1, billingCycle: 'monthly', termDuration: 'P1M', friendlyName: 'codes' });

describe('Partner Center error codes of the order flow', () => {
  let sim: SimTestKit;

  beforeAll(async () => {
    sim = await SimTestKit.start();
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    await sim.control('POST', '/_sim/reset');
  });

  async function cart(tenantId: string, catalogItemId: string): Promise<string> {
    const created = await sim.call('POST', `/v1/customers/${tenantId}/carts`, { body: { lineItems: [line(catalogItemId)] } });
    return String(created.body.id);
  }

  it('answers 404 400019 when an item stopped being sold after the cart was built', async () => {
    const tenantId = await sim.createTenant();
    const cartId = await cart(tenantId, SEED_CATALOG_ITEMS.businessStandard);
    await sim.control('POST', '/_sim/catalog/retire', { catalogItemId: SEED_CATALOG_ITEMS.businessStandard });
    const response = await sim.call('POST', `/v1/customers/${tenantId}/carts/${cartId}/checkout`, { headers: { 'MS-RequestId': 'c0de0001-0000-4000-8000-000000000001' } });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 400019 });
  });

  it('answers 400 800009 with the line errors in data', async () => {
    const tenantId = await sim.createTenant();
    await sim.control('POST', '/_sim/catalog/retire', { catalogItemId: SEED_CATALOG_ITEMS.businessStandard });
    const cartId = await cart(tenantId, SEED_CATALOG_ITEMS.businessStandard);
    const response = await sim.call('POST', `/v1/customers/${tenantId}/carts/${cartId}/checkout`);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 800009, data: [{ lineItemId: 0, errorCode: 'CatalogItemIdIsNotValid' }] });
  });

  it('fails a customer creation with 27002 and leaves the domain taken', async () => {
    const domain = uniqueDomain('part');
    const body = customerBody(domain) as { BillingProfile: Record<string, unknown> };
    body.BillingProfile.Email = `owner@${domain}`;
    const response = await sim.call('POST', '/v1/customers', { body });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 27002 });
    expect((await sim.call('HEAD', `/v1/domains/${domain}`)).status).toBe(200);
  });

  it('refuses checkout with 403 800074 while the account is not ready', async () => {
    const tenantId = await sim.createTenant({ accountStatus: 'Not Ready' });
    const cartId = await cart(tenantId, SEED_CATALOG_ITEMS.businessBasic);
    const response = await sim.call('POST', `/v1/customers/${tenantId}/carts/${cartId}/checkout`);
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 800074 });
  });

  it('commits the checkout but answers 409 800060 under the 800060 fault', async () => {
    const tenantId = await sim.createTenant();
    const cartId = await cart(tenantId, SEED_CATALOG_ITEMS.businessBasic);
    await sim.control('PUT', '/_sim/faults', [{ method: 'POST', path: '/checkout$', kind: '800060', count: 1 }]);
    const path = `/v1/customers/${tenantId}/carts/${cartId}/checkout`;
    const headers = { 'MS-RequestId': 'c0de0002-0000-4000-8000-000000000001' };
    const response = await sim.call('POST', path, { headers });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 800060 });
    expect((await sim.call('GET', `/v1/customers/${tenantId}/carts/${cartId}`)).body).toMatchObject({ status: 'Ordered' });
    expect((await sim.control('GET', '/_sim/ledger?requests=false')).body).toMatchObject({ checkouts: [expect.anything()] });
  });
});
