import { SEED_CATALOG_ITEMS } from '../state/catalog.seed';
import { waitFor } from '@nce/testing/fakes';
import { SimTestKit } from '../testing/sim-test-kit';

interface Ledger {
  checkouts: { cartId: string; requestId: string; correlationId: string }[];
  duplicateCheckouts: number;
  requests: { method: string; path: string; status: number; fault?: string }[];
}

describe('checkout idempotency', () => {
  let sim: SimTestKit;

  beforeAll(async () => {
    sim = await SimTestKit.start();
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    await sim.control('POST', '/_sim/reset');
  });

  /** Waits until the simulator holds (or no longer holds) the cart's checkout as in flight. */
  async function checkoutInFlight(cartId: string, wanted = true): Promise<void> {
    await waitFor(
      async () => (await sim.control<{ cartIds: string[] }>('GET', '/_sim/checkouts/in-flight')).body.cartIds.includes(cartId) === wanted,
      { intervalMs: 5, what: `checkout in flight: ${wanted}` },
    );
  }

  async function newCart(): Promise<{ tenantId: string; cartId: string; path: string }> {
    const tenantId = await sim.createTenant();
    const cart = await sim.call('POST', `/v1/customers/${tenantId}/carts`, {
      body: {
        lineItems: [
          {
            catalogItemId: SEED_CATALOG_ITEMS.businessBasic,
            quantity: 2,
            billingCycle: 'monthly',
            termDuration: 'P1M',
            friendlyName: 'idem',
          },
        ],
      },
    });
    const cartId = String(cart.body.id);
    return { tenantId, cartId, path: `/v1/customers/${tenantId}/carts/${cartId}/checkout` };
  }

  it('replays the stored 201 for the same MS-RequestId and re-iterates the first result for another id', async () => {
    const { path } = await newCart();
    const headers = { 'MS-RequestId': 'a1a1a1a1-0000-4000-8000-000000000001', 'MS-CorrelationId': 'order-1' };
    const first = await sim.call('POST', path, { headers });
    const replay = await sim.call('POST', path, { headers });
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    const other = await sim.call('POST', path, {
      headers: { 'MS-RequestId': 'a1a1a1a1-0000-4000-8000-000000000002', 'MS-CorrelationId': 'order-1' },
    });
    expect(other.status).toBe(201);
    expect(other.body).toEqual(first.body);
    const ledger = await sim.control<Ledger>('GET', '/_sim/ledger');
    expect(ledger.body.checkouts).toHaveLength(1);
    expect(ledger.body.duplicateCheckouts).toBe(0);
  });

  it('answers 409 800064 to a checkout while another is in flight on the cart (processing time)', async () => {
    await sim.control('PUT', '/_sim/settings', { checkoutProcessingMs: 200 });
    const { path, cartId } = await newCart();
    const first = sim.call('POST', path, { headers: { 'MS-RequestId': 'b-1' } });
    await checkoutInFlight(cartId);
    const concurrent = await sim.call('POST', path, { headers: { 'MS-RequestId': 'b-2' } });
    expect(concurrent.status).toBe(409);
    expect(concurrent.body).toMatchObject({ code: 800064 });
    const sameIdConcurrent = await sim.call('POST', path, { headers: { 'MS-RequestId': 'b-1' } });
    expect(sameIdConcurrent.status).toBe(409);
    expect((await first).status).toBe(201);
    expect((await sim.call('POST', path, { headers: { 'MS-RequestId': 'b-1' } })).status).toBe(201);
  });

  it('never commits twice when a client gives up mid-checkout and retries with the same MS-RequestId', async () => {
    await sim.control('PUT', '/_sim/settings', { checkoutProcessingMs: 150 });
    const { path, tenantId, cartId } = await newCart();
    const token = await sim.token('user');
    const abort = new AbortController();
    const abandoned = fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'MS-RequestId': 'e-1' },
      signal: abort.signal,
    });
    await checkoutInFlight(cartId);
    abort.abort();
    await expect(abandoned).rejects.toThrow();
    // The simulator has seen the client go away.
    await checkoutInFlight(cartId, false);
    const retry = await sim.call('POST', path, { headers: { 'MS-RequestId': 'e-1' } });
    expect(retry.status).toBe(201);
    const orders = await sim.call<{ items: unknown[] }>('GET', `/v1/customers/${tenantId}/orders`);
    expect(orders.body.items).toHaveLength(1);
    expect((await sim.control<Ledger>('GET', '/_sim/ledger')).body.checkouts).toHaveLength(1);
  });

  it('holds the in-flight mark during a latency fault on checkout', async () => {
    const { path, cartId } = await newCart();
    await sim.control('PUT', '/_sim/faults', [{ method: 'POST', path: '/checkout$', kind: 'latency', latencyMs: 200, count: 1 }]);
    const first = sim.call('POST', path, { headers: { 'MS-RequestId': 'c-1' } });
    await checkoutInFlight(cartId);
    expect((await sim.call('POST', path, { headers: { 'MS-RequestId': 'c-2' } })).body.code).toBe(800064);
    expect((await first).status).toBe(201);
  });

  it('commits a checkout whose reply times out, then replays it for the same MS-RequestId', async () => {
    const { path, cartId, tenantId } = await newCart();
    await sim.control('PUT', '/_sim/faults', [{ path: '/checkout$', kind: 'timeout', latencyMs: 150, count: 1 }]);
    const headers = { 'MS-RequestId': 'd-1', 'MS-CorrelationId': 'order-d' };
    await expect(sim.call('POST', path, { headers })).rejects.toThrow();
    const cart = await sim.call('GET', `/v1/customers/${tenantId}/carts/${cartId}`);
    expect(cart.body.status).toBe('Ordered');
    const retry = await sim.call('POST', path, { headers });
    expect(retry.status).toBe(201);
    const orders = await sim.call<{ items: { id: string }[] }>('GET', `/v1/customers/${tenantId}/orders`);
    expect(orders.body.items.map((order) => order.id)).toEqual((retry.body.orders as { id: string }[]).map((order) => order.id));
    const ledger = await sim.control<Ledger>('GET', '/_sim/ledger');
    expect(ledger.body.checkouts).toHaveLength(1);
    expect(ledger.body.requests.find((request) => request.fault === 'timeout')).toMatchObject({ method: 'POST', status: 201 });
  });

  it('counts successful checkouts beyond the first per MS-CorrelationId as duplicates', async () => {
    const first = await newCart();
    const second = await newCart();
    await sim.call('POST', first.path, { headers: { 'MS-CorrelationId': 'order-dup' } });
    await sim.call('POST', second.path, { headers: { 'MS-CorrelationId': 'order-dup' } });
    await sim.call('POST', second.path, { headers: { 'MS-CorrelationId': 'order-dup' } });
    const ledger = await sim.control<Ledger>('GET', '/_sim/ledger');
    expect(ledger.body.checkouts).toHaveLength(2);
    expect(ledger.body.duplicateCheckouts).toBe(1);
  });
});
