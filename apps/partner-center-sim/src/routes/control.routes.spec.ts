import { SEED_CATALOG_ITEMS } from '../state/catalog.seed';
import { SimTestKit } from '../testing/sim-test-kit';

type Body = Record<string, unknown>;

describe('simulator control API', () => {
  let sim: SimTestKit;

  beforeAll(async () => {
    sim = await SimTestKit.start();
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    await sim.control('POST', '/_sim/reset');
  });

  it('creates tenants, refusing a domain that exists with 409', async () => {
    const created = await sim.control('POST', '/_sim/tenants', { domain: 'controlone.onmicrosoft.com' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ tenantId: expect.any(String), domain: 'controlone.onmicrosoft.com' });
    expect((await sim.control('POST', '/_sim/tenants', { domain: 'controlone.onmicrosoft.com' })).status).toBe(409);
    expect((await sim.control('POST', '/_sim/tenants', { domain: 'x.onmicrosoft.com', mca: 'ancient' })).status).toBe(400);
  });

  it('records every Partner Center request in the ledger, but not control calls, and pages with since', async () => {
    await sim.call('GET', '/v1/customers', { headers: { 'MS-RequestId': 'ledger-1', 'MS-CorrelationId': 'corr-ledger' } });
    await sim.call('GET', '/v1/customers/00000000-0000-0000-0000-000000000000');
    const ledger = await sim.control<{ requests: Body[]; totalRequests: number }>('GET', '/_sim/ledger');
    const paths = ledger.body.requests.map((request) => `${String(request.method)} ${String(request.path)} ${String(request.status)}`);
    expect(paths).toEqual(expect.arrayContaining(['GET /v1/customers 200', 'GET /v1/customers/00000000-0000-0000-0000-000000000000 404']));
    expect(paths.some((path) => path.includes('/_sim'))).toBe(false);
    expect(ledger.body.requests.find((request) => request.requestId === 'ledger-1')).toMatchObject({
      correlationId: 'corr-ledger',
      at: expect.any(String),
    });
    const last = Number(ledger.body.requests[ledger.body.requests.length - 1].seq);
    const since = await sim.control<{ requests: Body[] }>('GET', `/_sim/ledger?since=${last - 1}`);
    expect(since.body.requests).toHaveLength(1);
    const byTime = await sim.control<{ requests: Body[] }>(
      'GET',
      `/_sim/ledger?since=${encodeURIComponent(String(ledger.body.requests[0].at))}`,
    );
    expect(byTime.body.requests.length).toBeLessThan(ledger.body.requests.length);
    const summary = await sim.control('GET', '/_sim/ledger/summary');
    expect(summary.body).toMatchObject({ totalRequests: ledger.body.totalRequests, checkouts: 0, duplicateCheckouts: 0 });
  });

  it('empties the state on reset but keeps the catalog and restores settings', async () => {
    const tenantId = await sim.createTenant();
    await sim.control('PUT', '/_sim/settings', { provisioningDelayMs: 5000 });
    await sim.control('PUT', '/_sim/faults', [{ path: '^/nothing', kind: '500' }]);
    await sim.control('POST', '/_sim/reset');
    expect((await sim.control<{ totalRequests: number }>('GET', '/_sim/ledger')).body.totalRequests).toBe(0);
    expect((await sim.call('GET', `/v1/customers/${tenantId}`)).status).toBe(404);
    expect((await sim.control<unknown[]>('GET', '/_sim/faults')).body).toEqual([]);
    expect((await sim.control('GET', '/_sim/settings')).body.provisioningDelayMs).toBe(0);
    expect(
      (await sim.call<{ totalCount: number }>('GET', '/v1/products?country=US&targetView=OnlineServices')).body.totalCount,
    ).toBeGreaterThan(0);
  });

  it('retires a catalog item so new carts carry CatalogItemIdIsNotValid', async () => {
    const tenantId = await sim.createTenant();
    await sim.control('POST', '/_sim/catalog/retire', { catalogItemId: SEED_CATALOG_ITEMS.businessStandard });
    const cart = await sim.call('POST', `/v1/customers/${tenantId}/carts`, {
      body: {
        lineItems: [{ catalogItemId: SEED_CATALOG_ITEMS.businessStandard, quantity: 1, billingCycle: 'monthly', termDuration: 'P1M' }],
      },
    });
    expect((cart.body.lineItems as Body[])[0].error).toMatchObject({ errorCode: 'CatalogItemIdIsNotValid' });
    const availability = await sim.call('GET', '/v1/products/CFQ7TTC0LDPB/skus/0001/availabilities/CFQ7TTC0K5BS?country=US');
    expect(availability.body.isPurchasable).toBe(false);
    const carts = await sim.control<Body[]>('GET', `/_sim/customers/${tenantId}/carts`);
    expect(carts.body).toHaveLength(1);
  });

  it('answers health and inspects a tenant', async () => {
    expect((await sim.control('GET', '/_sim/health')).body.status).toBe('ok');
    const tenantId = await sim.createTenant({ mca: 'stale', qualifications: [{ qualification: 'Education', vettingStatus: 'InReview' }] });
    const inspected = await sim.control('GET', `/_sim/tenants/${tenantId}`);
    expect(inspected.body).toMatchObject({
      mca: 'stale',
      accountStatus: 'Allowed',
      qualifications: [{ qualification: 'Education', vettingStatus: 'InReview' }],
    });
    await sim.control('PUT', `/_sim/tenants/${tenantId}/mca`, { mca: 'valid' });
    expect((await sim.control('GET', `/_sim/tenants/${tenantId}`)).body.mca).toBe('valid');
    expect((await sim.control('GET', '/_sim/tenants/nope')).status).toBe(404);
  });

  it('answers unknown Partner Center and Graph routes in their own error shapes', async () => {
    const partnerCenter = await sim.call('GET', '/v1/nothing-here');
    expect(partnerCenter.status).toBe(404);
    expect(partnerCenter.body).toMatchObject({ code: 1000, source: 'PartnerFD' });
    const graph = await sim.call('GET', '/v1.0/nothing-here');
    expect(graph.body).toMatchObject({ error: { code: 'BadRequest' } });
    const badJson = await fetch(`${sim.url}/_sim/tenants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(badJson.status).toBe(400);
  });
});
