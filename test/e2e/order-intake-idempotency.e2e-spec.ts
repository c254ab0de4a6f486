import { createHash } from 'node:crypto';
import { ApiClient, type TestStack, startTestStack } from '@nce/testing';
import { existingAccountOrder, idempotencyKey } from './support/orders.fixture';

describe('order intake idempotency (Idempotency-Key, Stripe semantics)', () => {
  let stack: TestStack;
  let partner: ApiClient;
  let customerId: string;

  beforeAll(async () => {
    stack = await startTestStack({ label: 'idempotency' });
    partner = new ApiClient(stack.apiUrl).as(stack.credentials.partners.direct.apiKey);
    customerId = stack.credentials.customers[0].id;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function countOrders(): Promise<number> {
    const rows = await stack.db.dataSource.query('SELECT COUNT(*) AS n FROM orders');
    return Number(rows[0].n);
  }

  it('refuses an order without Idempotency-Key with 400', async () => {
    const response = await partner.post('/v1/orders', existingAccountOrder(customerId));
    expect(response.status).toBe(400);
    expect(response.body.type).toBe('urn:nce:problem:idempotency-key-required');
  });

  it('replays the original response for the same key and body, whatever the key order', async () => {
    const key = idempotencyKey();
    const body = existingAccountOrder(customerId);
    const first = await partner.post('/v1/orders', body, { 'idempotency-key': key });
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const second = await partner.post('/v1/orders', reordered, { 'idempotency-key': key });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const rows = await stack.db.dataSource.query('SELECT COUNT(*) AS n FROM orders WHERE id = ?', [first.body.id]);
    expect(Number(rows[0].n)).toBe(1);
  });

  it('answers 422 when the same key comes with another body', async () => {
    const key = idempotencyKey();
    expect((await partner.post('/v1/orders', existingAccountOrder(customerId), { 'idempotency-key': key })).status).toBe(202);
    const changed = await partner.post(
      '/v1/orders',
      existingAccountOrder(customerId, {
        items: [{ catalogItemId: 'CFQ7TTC0LH18:0001:CFQ7TTC0K971', quantity: 6, termDuration: 'P1Y', billingCycle: 'monthly' }],
      }),
      { 'idempotency-key': key },
    );
    expect(changed.status).toBe(422);
  });

  it('scopes keys to the API key: another caller may use the same key', async () => {
    const key = idempotencyKey();
    const customer = new ApiClient(stack.apiUrl).as(stack.credentials.customers[0].apiKey);
    const byPartner = await partner.post('/v1/orders', existingAccountOrder(customerId), { 'idempotency-key': key });
    const byCustomer = await customer.post('/v1/orders', existingAccountOrder(customerId), { 'idempotency-key': key });
    expect(byPartner.status).toBe(202);
    expect(byCustomer.status).toBe(202);
    expect(byCustomer.body.id).not.toBe(byPartner.body.id);
  });

  it('answers 409 while a request with the same key is still in progress', async () => {
    const key = idempotencyKey();
    const body = existingAccountOrder(customerId);
    const hash = createHash('sha256').update(stack.credentials.partners.direct.apiKey).digest('hex');
    const [apiKey] = await stack.db.dataSource.query('SELECT id FROM api_keys WHERE key_hash = ?', [hash]);
    // The in-flight claim of a concurrent request, as the API writes it before creating the order.
    const requestHashRow = await partner.post('/v1/orders', body, { 'idempotency-key': `${key}-probe` });
    const [stored] = await stack.db.dataSource.query('SELECT request_hash FROM idempotency_keys WHERE idempotency_key = ?', [
      `${key}-probe`,
    ]);
    expect(requestHashRow.status).toBe(202);
    await stack.db.dataSource.query(
      "INSERT INTO idempotency_keys (api_key_id, idempotency_key, request_hash, state, locked_at, created_at) VALUES (?, ?, ?, 'in_progress', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))",
      [apiKey.id, key, stored.request_hash],
    );
    const duplicate = await partner.post('/v1/orders', body, { 'idempotency-key': key });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.type).toBe('urn:nce:problem:idempotency-key-in-progress');
  });

  it('creates exactly one order from a burst of concurrent duplicates', async () => {
    const key = idempotencyKey();
    const body = existingAccountOrder(customerId);
    const before = await countOrders();
    const responses = await Promise.all(Array.from({ length: 12 }, () => partner.post('/v1/orders', body, { 'idempotency-key': key })));
    const statuses = responses.map((response) => response.status);
    expect(statuses.every((status) => status === 202 || status === 409)).toBe(true);
    const ids = new Set(responses.filter((response) => response.status === 202).map((response) => response.body.id));
    expect(ids.size).toBe(1);
    expect(await countOrders()).toBe(before + 1);
  });

  it('does not store a key whose request failed validation', async () => {
    const key = idempotencyKey();
    const invalid = await partner.post('/v1/orders', existingAccountOrder(customerId, { termsAccepted: false }), {
      'idempotency-key': key,
    });
    expect(invalid.status).toBe(400);
    const valid = await partner.post('/v1/orders', existingAccountOrder(customerId), { 'idempotency-key': key });
    expect(valid.status).toBe(202);
  });
});
