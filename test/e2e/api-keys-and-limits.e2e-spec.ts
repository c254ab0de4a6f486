import { ApiClient, type RunningProcess, type TestStack, runToCompletion, startProcess, startTestStack, waitFor } from '@nce/testing';

// Two API processes on one Redis and one database: limits and revocations must hold across both.
const ENV = {
  RATE_LIMIT_WINDOW_SECONDS: '60',
  RATE_LIMIT_CUSTOMER: '6',
  RATE_LIMIT_ANONYMOUS: '30',
  RATE_LIMIT_FANOUT_PER_MINUTE: '2',
  RATE_LIMIT_FANOUT_COOLDOWN_SECONDS: '120',
};

describe('API keys and rate limits across two API processes', () => {
  let stack: TestStack;
  let second: RunningProcess;
  let first: ApiClient;
  let other: ApiClient;
  let partnerKey: string;

  beforeAll(async () => {
    stack = await startTestStack({ label: 'keylimits', env: ENV });
    second = await startProcess('api', stack.env);
    first = new ApiClient(stack.apiUrl);
    other = new ApiClient(second.url ?? '');
    partnerKey = stack.credentials.partners.direct.apiKey;
  });

  afterAll(async () => {
    await second?.stop(5_000);
    await stack?.stop();
  });

  async function issueCustomerKey(customerIndex: number, extra: Record<string, unknown> = {}): Promise<{ id: string; apiKey: string }> {
    const issued = await first
      .as(partnerKey)
      .post<{ id: string; apiKey: string }>(`/v1/customers/${stack.credentials.customers[customerIndex].id}/api-keys`, {
        label: 'e2e',
        ...extra,
      });
    expect(issued.status).toBe(201);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    return issued.body;
  }

  it('counts one customer key against one budget in both processes: 429 with Retry-After and RateLimit headers', async () => {
    const key = stack.credentials.customers[0].apiKey;
    const remaining: number[] = [];
    for (let index = 0; index < 6; index += 1) {
      const response = await (index % 2 === 0 ? first : other).as(key).get('/v1/me');
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBe('6');
      remaining.push(Number(response.headers.get('ratelimit-remaining')));
    }
    expect(remaining).toEqual([5, 4, 3, 2, 1, 0]);
    for (const api of [first, other]) {
      const refused = await api.as(key).get('/v1/me');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.headers.get('ratelimit-remaining')).toBe('0');
      expect(Number(refused.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    }
    // Another key of the same role has its own budget.
    expect((await other.as(stack.credentials.customers[1].apiKey).get('/v1/me')).status).toBe(200);
  });

  it('applies the tighter fan-out limit, with a cool-down, to the account lookup', async () => {
    const partner = (api: ApiClient): ApiClient => api.as(partnerKey);
    const lookups = [
      await partner(first).get('/v1/accounts/lookup?domain=contoso.onmicrosoft.com'),
      await partner(other).get('/v1/accounts/lookup?domain=contoso.onmicrosoft.com'),
    ];
    expect(lookups.map((response) => response.status)).toEqual([200, 200]);
    expect(lookups[1].headers.get('ratelimit-limit')).toBe('2');
    const refused = await partner(first).get('/v1/accounts/lookup?domain=contoso.onmicrosoft.com');
    expect(refused.status).toBe(429);
    // The cool-down (120 s) outlasts the one-minute window.
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(60);
    expect((await partner(other).get('/v1/customers')).status).toBe(200);
  });

  it('revokes a key for every process on the next request, audited', async () => {
    const issued = await issueCustomerKey(1);
    expect((await other.as(issued.apiKey).get('/v1/me')).status).toBe(200);
    const revoked = await first.as(partnerKey).request<{ id: string; revokedAt: string }>('DELETE', `/v1/api-keys/${issued.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect((await other.as(issued.apiKey).get('/v1/me')).status).toBe(401);
    expect((await first.as(issued.apiKey).get('/v1/me')).status).toBe(401);
    const audit = await first
      .as(stack.credentials.operator.apiKey)
      .get<{ items: Array<{ action: string; actorRole: string }> }>(`/v1/ops/audit?targetType=api_key&targetId=${issued.id}`);
    expect(audit.body.items.map((item) => item.action)).toEqual(['api_key.revoked', 'api_key.issued']);
  });

  it('rotates a key: the new one works at once, the old one until the grace period ends', async () => {
    const issued = await issueCustomerKey(1);
    const rotated = await other
      .as(partnerKey)
      .post<{ id: string; apiKey: string; prefix: string; previousKeyExpiresAt: string }>(`/v1/api-keys/${issued.id}/rotate`, {
        graceSeconds: 2,
      });
    expect(rotated.status).toBe(201);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    expect(rotated.body.apiKey.startsWith(rotated.body.prefix)).toBe(true);
    expect((await first.as(rotated.body.apiKey).get('/v1/me')).status).toBe(200);
    expect((await first.as(issued.apiKey).get('/v1/me')).status).toBe(200);
    await waitFor(async () => (await other.as(issued.apiKey).get('/v1/me')).status === 401, { timeoutMs: 10_000, intervalMs: 250 });
    expect((await first.as(issued.apiKey).get('/v1/me')).status).toBe(401);
    expect((await first.as(rotated.body.apiKey).get('/v1/me')).status).toBe(200);
    const immediate = await first.as(partnerKey).post<{ apiKey: string }>(`/v1/api-keys/${rotated.body.id}/rotate`, { graceSeconds: 0 });
    expect((await other.as(rotated.body.apiKey).get('/v1/me')).status).toBe(401);
    expect((await other.as(immediate.body.apiKey).get('/v1/me')).status).toBe(200);
  });

  it('lists keys by prefix with owner, creator and last use, scoped to the partner; customers may not manage keys', async () => {
    const issued = await issueCustomerKey(0, { label: 'listed' });
    await other.as(issued.apiKey).get('/v1/catalog/offers');
    const listed = await first.as(partnerKey).get<{ items: Array<Record<string, unknown>> }>('/v1/api-keys');
    expect(listed.status).toBe(200);
    const entry = listed.body.items.find((item) => item.id === issued.id);
    const [partnerRow] = (await stack.db.dataSource.query("SELECT id FROM api_keys WHERE role = 'partner' AND partner_id = ?", [
      stack.credentials.partners.direct.id,
    ])) as Array<{ id: string }>;
    expect(entry).toMatchObject({
      role: 'customer',
      customerId: stack.credentials.customers[0].id,
      label: 'listed',
      createdBy: partnerRow.id,
      lastUsedAt: expect.any(String),
    });
    expect(String(entry?.prefix)).toMatch(/^nce_cust_/);
    expect(JSON.stringify(listed.body)).not.toContain(issued.apiKey);
    expect(listed.body.items.every((item) => item.role !== 'operator')).toBe(true);
    const indirect = first.as(stack.credentials.partners.indirect.apiKey);
    expect((await indirect.get<{ items: Array<{ id: string }> }>('/v1/api-keys')).body.items.map((item) => item.id)).not.toContain(
      issued.id,
    );
    expect((await indirect.request('DELETE', `/v1/api-keys/${issued.id}`)).status).toBe(404);
    expect((await first.as(issued.apiKey).get('/v1/api-keys')).status).toBe(403);
    const operator = first.as(stack.credentials.operator.apiKey);
    expect((await operator.post(`/v1/api-keys/${issued.id}/rotate`, {})).status).toBe(403);
    expect((await operator.get<{ items: Array<{ id: string }> }>('/v1/api-keys?limit=500')).body.items.map((item) => item.id)).toContain(
      issued.id,
    );
  });

  it('refuses a key after its expiry, and lets the ops CLI revoke a key', async () => {
    const expiring = await issueCustomerKey(1, { expiresAt: new Date(Date.now() + 1_500).toISOString() });
    expect((await first.as(expiring.apiKey).get('/v1/me')).status).toBe(200);
    await waitFor(async () => (await other.as(expiring.apiKey).get('/v1/me')).status === 401, { timeoutMs: 10_000, intervalMs: 250 });
    const cli = await issueCustomerKey(1);
    expect((await first.as(cli.apiKey).get('/v1/me')).status).toBe(200);
    const output = JSON.parse(await runToCompletion('ops-cli', ['revoke-key', '--id', cli.id], stack.env)) as { revokedAt: string };
    expect(output.revokedAt).toEqual(expect.any(String));
    expect((await other.as(cli.apiKey).get('/v1/me')).status).toBe(401);
  });

  // Last: every 401 above counted against this address too.
  it('limits requests without a valid key per client address, across processes', async () => {
    const responses = [];
    for (let index = 0; index < 40; index += 1) {
      const response = await (index % 2 === 0 ? first : other).as(`nce_cust_guess-${index}-000000000000000000`).get('/v1/orders');
      responses.push(response);
      if (response.status === 429) break;
    }
    const statuses = responses.map((response) => response.status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((status) => status === 401)).toBe(true);
    expect(responses[0].headers.get('ratelimit-limit')).toBe('30');
    const remaining = responses.slice(0, -1).map((response) => Number(response.headers.get('ratelimit-remaining')));
    expect(remaining.at(-1)).toBe(0);
    expect(remaining).toEqual([...remaining].sort((a, b) => b - a));
  });
});
