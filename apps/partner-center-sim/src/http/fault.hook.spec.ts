import { SimTestKit } from '../testing/sim-test-kit';

describe('fault injection', () => {
  let sim: SimTestKit;

  beforeAll(async () => {
    sim = await SimTestKit.start();
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    await sim.control('POST', '/_sim/reset');
  });

  it('throttles with 429, Retry-After and the documented body', async () => {
    await sim.control('PUT', '/_sim/faults', [{ path: '^/v1/customers$', kind: '429', retryAfterSeconds: 7 }]);
    const response = await sim.call('GET', '/v1/customers');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.body).toEqual({ statusCode: 429, message: 'Rate limit is exceeded. Try again in 7 seconds.' });
    expect(response.headers.get('ms-requestid')).toEqual(expect.any(String));
  });

  it('answers 500 with code 900192 and 503 with Retry-After', async () => {
    await sim.control('PUT', '/_sim/faults', [
      { method: 'GET', path: '^/v1/customers$', kind: '500' },
      { path: '^/v1/products', kind: '503', retryAfterSeconds: 3 },
    ]);
    const failed = await sim.call('GET', '/v1/customers');
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({
      code: 900192,
      description: 'Something went wrong. Try again after some time.',
      source: 'PartnerFD',
    });
    const unavailable = await sim.call('GET', '/v1/products?country=US&targetView=OnlineServices');
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('3');
  });

  it('applies a rule to the next count matching requests only, and only to its method', async () => {
    await sim.control('PUT', '/_sim/faults', [{ method: 'POST', path: '^/v1/customers', kind: '500', count: 2 }]);
    expect((await sim.call('GET', '/v1/customers')).status).toBe(200);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) statuses.push((await sim.call('POST', '/v1/customers', { body: {} })).status);
    expect(statuses).toEqual([500, 500, 400]);
    expect((await sim.control<{ remaining: number }[]>('GET', '/_sim/faults')).body[0].remaining).toBe(0);
  });

  it('honours probability 0 and 1', async () => {
    await sim.control('PUT', '/_sim/faults', [
      { path: '^/v1/customers$', kind: '500', probability: 0 },
      { path: '^/v1/products', kind: '500', probability: 1 },
    ]);
    expect((await sim.call('GET', '/v1/customers')).status).toBe(200);
    expect((await sim.call('GET', '/v1/products?country=US&targetView=OnlineServices')).status).toBe(500);
  });

  it('delays a latency fault and then answers normally', async () => {
    await sim.control('PUT', '/_sim/faults', [{ path: '^/v1/customers$', kind: 'latency', latencyMs: 150 }]);
    const started = Date.now();
    expect((await sim.call('GET', '/v1/customers')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('commits the side effect of a timed-out create and never answers it', async () => {
    await sim.control('PUT', '/_sim/faults', [{ method: 'POST', path: '^/v1/customers$', kind: 'timeout', latencyMs: 100 }]);
    const domain = `timeout${Date.now().toString(36)}.onmicrosoft.com`;
    const body = {
      companyProfile: { domain },
      billingProfile: {
        email: 'a@b.example',
        culture: 'en-US',
        language: 'en',
        companyName: 'Late Ltd',
        defaultAddress: {
          firstName: 'A',
          lastName: 'B',
          addressLine1: '1 Road',
          city: 'Redmond',
          state: 'WA',
          postalCode: '98052',
          country: 'US',
        },
      },
    };
    await expect(sim.call('POST', '/v1/customers', { body, headers: { 'MS-RequestId': 'timeout-create' } })).rejects.toThrow();
    expect((await sim.call('HEAD', `/v1/domains/${domain}`)).status).toBe(200);
    await sim.control('DELETE', '/_sim/faults');
    const retry = await sim.call('POST', '/v1/customers', { body, headers: { 'MS-RequestId': 'timeout-create' } });
    expect(retry.status).toBe(201);
  });

  it('uses the Graph error shape on Graph paths and never faults the control API', async () => {
    await sim.control('PUT', '/_sim/faults', [{ path: '^/v1', kind: '429' }]);
    const graph = await sim.call('GET', '/v1.0/tenantRelationships/delegatedAdminRelationships');
    expect(graph.status).toBe(429);
    expect(graph.body).toMatchObject({ error: { code: 'activityLimitReached', innerError: { 'request-id': expect.any(String) } } });
    expect((await sim.control('GET', '/_sim/health')).status).toBe(200);
    await sim.control('DELETE', '/_sim/faults');
    expect((await sim.call('GET', '/v1/customers')).status).toBe(200);
  });

  it('rejects malformed rules', async () => {
    expect((await sim.control('PUT', '/_sim/faults', { path: 'x' })).status).toBe(400);
    expect((await sim.control('PUT', '/_sim/faults', [{ path: '(', kind: '500' }])).status).toBe(400);
    expect((await sim.control('PUT', '/_sim/faults', [{ path: 'x', kind: 'explode' }])).status).toBe(400);
  });
});

describe('latency profile', () => {
  it('delays Microsoft paths by SIM_LATENCY_MS but not the control API', async () => {
    const sim = await SimTestKit.start({ latencyMs: 120 });
    try {
      await sim.token('user');
      let started = Date.now();
      expect((await sim.call('GET', '/v1/customers')).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(110);
      started = Date.now();
      await sim.control('GET', '/_sim/health');
      expect(Date.now() - started).toBeLessThan(100);
    } finally {
      await sim.close();
    }
  });
});
