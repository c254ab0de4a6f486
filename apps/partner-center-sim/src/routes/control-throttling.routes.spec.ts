import { waitFor } from '@nce/testing/fakes';
import { SimTestKit, customerBody, uniqueDomain } from '../testing/sim-test-kit';
import { throttleTargetOf } from '../state/throttle.store';

describe('built-in throttling', () => {
  let sim: SimTestKit;

  beforeEach(async () => {
    sim = await SimTestKit.start();
  });

  afterEach(async () => {
    await sim.close();
  });

  it('answers 429 with Retry-After and Microsoft body once the partner window of a group is full, and counts it', async () => {
    await sim.control('PUT', '/_sim/throttling', { partnerPerMinute: 3 });
    for (let index = 0; index < 3; index += 1) expect((await sim.call('GET', '/v1/customers')).status).toBe(200);
    const refused = await sim.call('GET', '/v1/customers');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.body).toEqual({
      statusCode: 429,
      message: expect.stringMatching(/^Rate limit is exceeded\. Try again in \d+ seconds\.$/),
    });
    // Another resource group has its own window.
    expect((await sim.call('GET', '/v1/agreements?agreementType=MicrosoftCustomerAgreement')).status).toBe(200);
    const status = await sim.control('GET', '/_sim/throttling');
    expect(status.body).toMatchObject({ partnerPerMinute: 3, customerPerMinute: 0, throttled: 1 });
    expect((await sim.control('GET', '/_sim/ledger?requests=false')).body).toMatchObject({ throttled: 1 });
  });

  it('keeps a window per (partner, customer) pair', async () => {
    const first = await sim.createTenant();
    const second = await sim.createTenant();
    await sim.control('PUT', '/_sim/throttling', { partnerPerMinute: 0, customerPerMinute: 2 });
    expect((await sim.call('GET', `/v1/customers/${first}`)).status).toBe(200);
    expect((await sim.call('GET', `/v1/customers/${first}`)).status).toBe(200);
    expect((await sim.call('GET', `/v1/customers/${first}`)).status).toBe(429);
    expect((await sim.call('GET', `/v1/customers/${second}`)).status).toBe(200);
  });

  it('admits again once the window slides past the oldest request', async () => {
    await sim.control('PUT', '/_sim/throttling', { partnerPerMinute: 1, windowSeconds: 1 });
    expect((await sim.call('GET', '/v1/customers')).status).toBe(200);
    expect((await sim.call('GET', '/v1/customers')).status).toBe(429);
    // A refused call takes no slot: polling does not hold the window.
    await waitFor(async () => (await sim.call('GET', '/v1/customers')).status === 200, {
      intervalMs: 100,
      timeoutMs: 5_000,
      what: 'the window to slide',
    });
  });

  it('applies per-group overrides and refuses unknown groups', async () => {
    await sim.control('PUT', '/_sim/throttling', { partnerPerMinute: 0, groups: { graph: { partnerPerMinute: 1 } } });
    expect((await sim.call('GET', '/v1.0/tenantRelationships/delegatedAdminRelationships')).status).toBe(200);
    expect((await sim.call('GET', '/v1.0/tenantRelationships/delegatedAdminRelationships')).status).toBe(429);
    expect((await sim.call('GET', '/v1/customers')).status).toBe(200);
    expect((await sim.control('PUT', '/_sim/throttling', { groups: { billing: { partnerPerMinute: 1 } } })).status).toBe(400);
  });

  it('maps paths to resource groups', () => {
    const id = '0b8f0c3e-1c8e-4c58-9d7e-0a0a0a0a0a0a';
    expect(throttleTargetOf(`/v1/customers/${id}/carts/x/checkout`)).toEqual({ group: 'commerce', customerId: id });
    expect(throttleTargetOf(`/v1/customers/${id}/subscriptions`)).toEqual({ group: 'subscriptions', customerId: id });
    expect(throttleTargetOf(`/v1/customers/${id}/agreements`)).toEqual({ group: 'agreements', customerId: id });
    expect(throttleTargetOf(`/v1/customers/${id}`)).toEqual({ group: 'customers', customerId: id });
    expect(throttleTargetOf('/v1/domains/x.onmicrosoft.com')).toEqual({ group: 'customers' });
    expect(throttleTargetOf('/v1/products')).toBeUndefined();
    expect(throttleTargetOf('/v1.0/tenantRelationships/delegatedAdminRelationships')).toEqual({ group: 'graph' });
  });
});

describe('realistic profile', () => {
  it('hides a new customer for a few seconds (404) and replays its creation without userCredentials', async () => {
    const sim = await SimTestKit.start({ profile: 'realistic', latencyScale: 0.01 });
    try {
      const headers = { 'MS-RequestId': '5b0c8c4e-3a51-4f7e-9d2b-8f7c4a1e2d30' };
      const created = await sim.call('POST', '/v1/customers', { body: customerBody(uniqueDomain('real')), headers });
      expect(created.status).toBe(201);
      expect(created.body.userCredentials).toBeDefined();
      const id = String(created.body.id);
      expect((await sim.call('GET', `/v1/customers/${id}`)).status).toBe(404);
      const replayed = await sim.call('POST', '/v1/customers', { body: customerBody(uniqueDomain('real')), headers });
      expect(replayed.status).toBe(201);
      expect(replayed.body.id).toBe(id);
      expect(replayed.body.userCredentials).toBeUndefined();
      await waitFor(async () => (await sim.call('GET', `/v1/customers/${id}`)).status === 200, {
        intervalMs: 10,
        what: 'the new customer to become readable',
      });
    } finally {
      await sim.close();
    }
  });

  it('switches at run time through PUT /_sim/settings', async () => {
    const sim = await SimTestKit.start();
    try {
      const settings = await sim.control('PUT', '/_sim/settings', { profile: 'realistic', latencyScale: 0.5 });
      expect(settings.body).toMatchObject({
        profile: 'realistic',
        latencyScale: 0.5,
        provisioningDelayMs: 10_000,
        gdapActivationDelayMs: 15_000,
      });
      const back = await sim.control('PUT', '/_sim/settings', { profile: 'instant' });
      expect(back.body).toMatchObject({ profile: 'instant', provisioningDelayMs: 0, gdapActivationDelayMs: 0 });
      expect((await sim.control('PUT', '/_sim/settings', { profile: 'slow' })).status).toBe(400);
    } finally {
      await sim.close();
    }
  });
});
