import { ApiClient, type TestStack, runToCompletion, startTestStack } from '@nce/testing';
import { existingAccountOrder, idempotencyKey } from './support/orders.fixture';
import { simTenant } from './support/provisioning';
import { rawExchange } from './support/raw-http';

// The edge of the API: response headers, HTTP-layer errors, stream caps, the dashboard's scope, the lookup.
describe('API edge: headers, HTTP-layer problems, stream caps, dashboard scope, minimal lookup', () => {
  let stack: TestStack;
  let api: ApiClient;
  let partner: ApiClient;
  let customer: ApiClient;

  beforeAll(async () => {
    stack = await startTestStack({ label: 'apiedge', env: { SSE_MAX_STREAMS_PER_CUSTOMER_KEY: '2', SSE_MAX_LIFETIME_MS: '1500' } });
    api = new ApiClient(stack.apiUrl);
    partner = api.as(stack.credentials.partners.direct.apiKey);
    customer = api.as(stack.credentials.customers[0].apiKey);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('sends no-store, nosniff, no framing and no referrer on /v1, /docs and /admin/queues', async () => {
    const responses = [
      await partner.post(`/v1/customers/${stack.credentials.customers[0].id}/api-keys`, {}),
      await customer.get('/v1/me'),
      await fetch(`${stack.apiUrl}/docs`),
      await fetch(`${stack.apiUrl}/admin/queues`, { headers: { authorization: `Bearer ${stack.credentials.operator.apiKey}` } }),
    ];
    for (const [index, response] of responses.entries()) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      if (index < 2) expect(response.headers.get('cache-control')).toBe('no-store');
    }
    // The panel keeps its own, stricter policy.
    const panel = await fetch(`${stack.apiUrl}/panel/`);
    expect(panel.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(panel.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers HTTP-layer errors as problem+json without echoing the input', async () => {
    const invalid = await partner.request('POST', '/v1/customers', { rawBody: '{"name": SECRET-INPUT' });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    expect(invalid.text).not.toContain('SECRET-INPUT');
    const tooLarge = await partner.request('POST', '/v1/customers', { rawBody: JSON.stringify({ name: 'x'.repeat(1_100_000) }) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('content-type')).toContain('application/problem+json');
    const longUrl = await partner.get(`/v1/orders?domain=${'a'.repeat(5_000)}`);
    expect(longUrl.status).toBe(414);
    expect(longUrl.headers.get('content-type')).toContain('application/problem+json');
    const url = new URL(stack.apiUrl);
    const { reply: headers } = await rawExchange(
      stack.apiUrl,
      [`GET /v1/me HTTP/1.1\r\nHost: ${url.host}\r\nX-Filler: ${'SECRET-HEADER'.repeat(2_000)}\r\n\r\n`],
      5_000,
    );
    expect(headers).toMatch(/^HTTP\/1\.1 431/);
    expect(headers).toContain('application/problem+json');
    expect(headers).not.toContain('SECRET-HEADER');
  });

  it('caps open event streams per key (429) and ends each after its maximum lifetime', async () => {
    const created = await customer.post<{ id: string }>('/v1/orders', existingAccountOrder(stack.credentials.customers[0].id), {
      'idempotency-key': idempotencyKey(),
    });
    const url = `${stack.apiUrl}/v1/orders/${created.body.id}/events`;
    const headers = { authorization: `Bearer ${stack.credentials.customers[0].apiKey}`, accept: 'text/event-stream' };
    const streams = [await fetch(url, { headers }), await fetch(url, { headers })];
    expect(streams.map((stream) => stream.status)).toEqual([200, 200]);
    const third = await fetch(url, { headers });
    expect(third.status).toBe(429);
    expect(third.headers.get('content-type')).toContain('application/problem+json');
    const started = Date.now();
    const text = await streams[0].text();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(text).toContain('event: order.accepted');
    await streams[1].text();
    expect((await fetch(url, { headers, signal: AbortSignal.timeout(5_000) })).status).toBe(200);
  });

  it('keeps the queue dashboard read-only for an operator key without the dashboard:write scope', async () => {
    const readOnly = JSON.parse(
      await runToCompletion('ops-cli', ['issue-key', '--role', 'operator', '--label', 'read-only'], stack.env),
    ) as { apiKey: string };
    const read = await fetch(`${stack.apiUrl}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${readOnly.apiKey}` } });
    expect(read.status).toBe(200);
    const refused = await fetch(`${stack.apiUrl}/admin/queues/api/queues/gdap/pause`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${readOnly.apiKey}` },
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const allowed = await fetch(`${stack.apiUrl}/admin/queues/api/queues/gdap/pause`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${stack.credentials.operator.apiKey}` },
    });
    expect(allowed.status).toBe(200);
    await fetch(`${stack.apiUrl}/admin/queues/api/queues/gdap/resume`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${stack.credentials.operator.apiKey}` },
    });
  });

  it('tells a lookup only what the caller\'s order needs: another storefront\'s tenant is just "taken"', async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'valid' });
    const indirectCustomer = stack.credentials.customers[2];
    await stack.db.dataSource.query('UPDATE customers SET tenant_id = ?, tenant_domain = ? WHERE id = ?', [
      tenant.tenantId,
      tenant.domain,
      indirectCustomer.id,
    ]);
    const outsider = await customer.get(`/v1/accounts/lookup?domain=${tenant.domain}`);
    expect(outsider.status).toBe(200);
    expect(outsider.body).toEqual({ exists: true, relationshipEstablished: false, mca: 'missing' });
    const owner = await api.as(indirectCustomer.apiKey).get(`/v1/accounts/lookup?domain=${tenant.domain}`);
    expect(owner.body).toEqual({ exists: true, customerTenantId: tenant.tenantId, relationshipEstablished: true, mca: 'valid' });
    const ownPartner = await api.as(stack.credentials.partners.indirect.apiKey).get(`/v1/accounts/lookup?domain=${tenant.domain}`);
    expect(ownPartner.body).toMatchObject({ customerTenantId: tenant.tenantId });
    const unlinked = await simTenant(stack.simUrl, { mca: 'missing' });
    expect((await customer.get(`/v1/accounts/lookup?domain=${unlinked.domain}`)).body).toEqual({
      exists: true,
      relationshipEstablished: true,
      mca: 'missing',
    });
  });
});
