import { ApiClient, type TestStack, startTestStack } from '@nce/testing';
import { existingAccountOrder, idempotencyKey, newAccountOrder } from './support/orders.fixture';
import { rawExchange } from './support/raw-http';

// The six defects of issue 14, each reproduced through the real API process.
describe('API hardening: defects found by hostile and careless clients', () => {
  let stack: TestStack;
  let api: ApiClient;
  let operator: ApiClient;
  let partner: ApiClient;
  let customer: ApiClient;
  let customerId: string;

  beforeAll(async () => {
    stack = await startTestStack({ label: 'hardening', env: { API_REQUEST_TIMEOUT_MS: '1500' } });
    api = new ApiClient(stack.apiUrl);
    operator = api.as(stack.credentials.operator.apiKey);
    partner = api.as(stack.credentials.partners.direct.apiKey);
    customer = api.as(stack.credentials.customers[0].apiKey);
    customerId = stack.credentials.customers[0].id;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses (403) an operator key minting a customer key, and records who issued every key', async () => {
    const refused = await operator.post(`/v1/customers/${customerId}/api-keys`, { label: 'operator attempt' });
    expect(refused.status).toBe(403);
    const issued = await partner.post<{ id: string; apiKey: string }>(`/v1/customers/${customerId}/api-keys`, {
      label: 'issued by partner',
    });
    expect(issued.status).toBe(201);
    const [row] = (await stack.db.dataSource.query('SELECT created_by FROM api_keys WHERE id = ?', [issued.body.id])) as Array<{
      created_by: string;
    }>;
    const [partnerKey] = (await stack.db.dataSource.query("SELECT id FROM api_keys WHERE role = 'partner' AND partner_id = ?", [
      stack.credentials.partners.direct.id,
    ])) as Array<{ id: string }>;
    expect(row.created_by).toBe(partnerKey.id);
    const audit = await operator.get<{ items: Array<{ action: string; actorRole: string; targetId: string }> }>(
      `/v1/ops/audit?targetType=api_key&targetId=${issued.body.id}`,
    );
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'api_key.issued', actorRole: 'partner' })]);
  });

  it('audits an order an operator places, with the operator key as actor', async () => {
    const placed = await operator.post<{ id: string }>('/v1/orders', existingAccountOrder(customerId), {
      'idempotency-key': idempotencyKey(),
    });
    expect(placed.status).toBe(202);
    const audit = await operator.get<{ items: Array<{ action: string; actorRole: string; actorKeyId: string }> }>(
      `/v1/ops/audit?targetType=order&targetId=${placed.body.id}`,
    );
    expect(audit.body.items).toEqual([
      expect.objectContaining({ action: 'order.submit', actorRole: 'operator', actorKeyId: expect.stringMatching(/^[0-9a-f-]{36}$/) }),
    ]);
  });

  it('compares Idempotency-Key values byte for byte: keys differing in letter case are two orders', async () => {
    const base = idempotencyKey();
    const upper = await customer.post('/v1/orders', existingAccountOrder(customerId), { 'idempotency-key': `Case-${base}` });
    const lower = await customer.post('/v1/orders', existingAccountOrder(customerId, { reference: 'another body' }), {
      'idempotency-key': `case-${base}`,
    });
    expect(upper.status).toBe(202);
    expect(lower.status).toBe(202);
    expect(lower.body.id).not.toBe(upper.body.id);
  });

  it('refuses an unpaired UTF-16 surrogate with a 400 naming the field (never a 500)', async () => {
    const raw = JSON.stringify(existingAccountOrder(customerId, { reference: 'SURROGATE' })).replace('SURROGATE', '\\ud800');
    const response = await customer.request('POST', '/v1/orders', { rawBody: raw, headers: { 'idempotency-key': idempotencyKey() } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ errors: [expect.objectContaining({ field: 'reference' })] });
    const customerName = await partner.request('POST', '/v1/customers', { rawBody: '{"name":"Fabrikam \\udc00"}' });
    expect(customerName.status).toBe(400);
    expect(customerName.body).toMatchObject({ errors: [expect.objectContaining({ field: 'name' })] });
  });

  it('refuses control and bidi-override characters in names', async () => {
    const order = newAccountOrder(customerId);
    const bidi = await customer.post(
      '/v1/orders',
      { ...order, account: { ...(order.account as object), companyName: 'Contoso \u202eLtd' } },
      { 'idempotency-key': idempotencyKey() },
    );
    expect(bidi.status).toBe(400);
    expect(bidi.body).toMatchObject({ errors: [expect.objectContaining({ field: 'account.companyName' })] });
    const control = await customer.post(
      '/v1/orders',
      {
        ...order,
        mca: { signatory: { firstName: 'Ada\u0007', lastName: 'Lovelace', email: 'ada@contoso.example', phoneNumber: '+1 425 555 0100' } },
      },
      { 'idempotency-key': idempotencyKey() },
    );
    expect(control.status).toBe(400);
    expect(control.body).toMatchObject({ errors: [expect.objectContaining({ field: 'mca.signatory.firstName' })] });
    expect((await partner.post('/v1/customers', { name: 'Evil\u200f Corp' })).status).toBe(400);
  });

  it('answers a body sent too slowly with a 408 problem and closes the socket', async () => {
    const url = new URL(stack.apiUrl);
    const head = `POST /v1/customers HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${stack.credentials.partners.direct.apiKey}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"na`;
    const { reply, closed } = await rawExchange(stack.apiUrl, [head], 8_000);
    expect(closed).toBe(true);
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(reply).toContain('application/problem+json');
  });

  it('refuses form-urlencoded and text/plain bodies with 415 (nothing is created)', async () => {
    const before = (await partner.get<{ items: unknown[] }>('/v1/customers?limit=500')).body.items.length;
    const form = await partner.request('POST', '/v1/customers', {
      rawBody: 'name=Formy',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(form.headers.get('content-type')).toContain('application/problem+json');
    const text = await partner.request('POST', '/v1/customers', { rawBody: '{"name":"Texty"}', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect((await partner.get<{ items: unknown[] }>('/v1/customers?limit=500')).body.items.length).toBe(before);
  });

  it('answers HEAD on an order event stream at once', async () => {
    const created = await customer.post<{ id: string }>('/v1/orders', existingAccountOrder(customerId), {
      'idempotency-key': idempotencyKey(),
    });
    const response = await fetch(`${stack.apiUrl}/v1/orders/${created.body.id}/events`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${stack.credentials.customers[0].apiKey}` },
      signal: AbortSignal.timeout(3_000),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
  });
});
