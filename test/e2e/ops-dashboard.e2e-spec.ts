import { ApiClient, type TestStack, startTestStack, waitFor } from '@nce/testing';
import { existingAccountOrder, idempotencyKey } from './support/orders.fixture';
import { metricValue, scrape } from './support/metrics';
import { simTenant, waitForOrder } from './support/provisioning';

const ENV = { RECHECK_BASE_MS: '200', RECHECK_MAX_MS: '1000', PROVISIONING_POLL_MS: '50', TIME_SCALE: '20', JOB_LOCK_MS: '2000' };
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('operations: dashboard, queue control, metrics', () => {
  let stack: TestStack;
  let operator: ApiClient;
  let partner: ApiClient;

  beforeAll(async () => {
    stack = await startTestStack({ label: 'opsdash', workers: ['worker-subscription', 'worker-mca'], env: ENV });
    operator = new ApiClient(stack.apiUrl, stack.credentials.operator.apiKey);
    partner = new ApiClient(stack.apiUrl, stack.credentials.partners.direct.apiKey);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('asks for operator credentials on the dashboard and refuses other keys', async () => {
    for (const authorization of [
      undefined,
      `Bearer ${stack.credentials.partners.direct.apiKey}`,
      basic('ops', 'wrong-key-0123456789'),
      basic('ops', stack.credentials.partners.direct.apiKey),
    ]) {
      const response = await fetch(`${stack.apiUrl}/admin/queues/api/queues`, { headers: authorization ? { authorization } : {} });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Basic realm="nce-operations"');
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('lists every queue of the deployment on the dashboard with a Bearer or a Basic operator key', async () => {
    for (const authorization of [`Bearer ${stack.credentials.operator.apiKey}`, basic('anyone', stack.credentials.operator.apiKey)]) {
      const response = await fetch(`${stack.apiUrl}/admin/queues/api/queues`, { headers: { authorization } });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { queues: Array<{ name: string }> };
      expect(body.queues.map((queue) => queue.name).sort()).toEqual(['gdap', 'mca', 'notifications', 'subscription']);
    }
    const page = await fetch(`${stack.apiUrl}/admin/queues`, {
      headers: { authorization: basic('anyone', stack.credentials.operator.apiKey) },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
  });

  it('shows queue counts to operators only, pauses and resumes a queue, and audits both', async () => {
    expect((await partner.get('/v1/ops/queues')).status).toBe(403);
    const listed = await operator.get<{ items: Array<{ name: string; paused: boolean; counts: Record<string, number> }> }>(
      '/v1/ops/queues',
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((item) => item.name).sort()).toEqual(['gdap', 'mca', 'notifications', 'subscription']);
    expect(Object.keys(listed.body.items[0].counts).sort()).toEqual(['active', 'completed', 'delayed', 'failed', 'waiting']);
    const paused = await operator.post<{ paused: boolean }>('/v1/ops/queues/gdap/pause');
    expect(paused.status).toBe(200);
    expect(paused.body.paused).toBe(true);
    const resumed = await operator.post<{ paused: boolean }>('/v1/ops/queues/gdap/resume');
    expect(resumed.body.paused).toBe(false);
    expect((await operator.post('/v1/ops/queues/nope/pause')).status).toBe(404);
    const audit = await operator.get<{ items: Array<{ action: string; actorKeyId: string; targetId: string }> }>(
      '/v1/ops/audit?targetType=queue&targetId=gdap',
    );
    expect(audit.body.items.map((item) => item.action)).toEqual(['queue.resume', 'queue.pause']);
    expect(new Set(audit.body.items.map((item) => item.actorKeyId)).size).toBe(1);
    expect(audit.body.items[0].actorKeyId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('exposes the nce_* series on the API and the workers, moving as an order completes', async () => {
    const worker = stack.workers[0].url ?? '';
    const before = await scrape(worker);
    const tenant = await simTenant(stack.simUrl, { mca: 'valid' });
    const accepted = await partner.post(
      '/v1/orders',
      existingAccountOrder(stack.credentials.customers[0].id, {
        account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true },
      }),
      { 'idempotency-key': idempotencyKey() },
    );
    const order = await waitForOrder(partner, accepted.body.id as string, (o) => o.status === 'completed');
    const after = await waitFor(
      async () => {
        const text = await scrape(worker);
        return metricValue(text, 'nce_queue_depth', { queue: 'subscription', state: 'completed' }) >= 2 ? text : undefined;
      },
      { what: 'queue depth to move' },
    );
    const calls = (text: string): number => metricValue(text, 'nce_partner_center_calls_total', { status: '200' }) || 0;
    expect(calls(after)).toBeGreaterThan(calls(before));
    expect(metricValue(after, 'nce_step_duration_seconds_count', { step: 'subscription' })).toBeGreaterThanOrEqual(1);
    expect(metricValue(after, 'nce_breaker_state', { dependency: 'commerce' })).toBe(0);
    expect(metricValue(after, 'nce_outbox_pending')).toBeGreaterThanOrEqual(0);
    expect(metricValue(after, 'nce_outbox_lag_seconds')).toBeGreaterThanOrEqual(0);
    for (const series of [
      'nce_job_duration_seconds',
      'nce_job_outcomes_total',
      'nce_throttle_waits_total',
      'nce_partner_center_call_duration_seconds',
    ])
      expect(after).toContain(`# TYPE ${series}`);
    const api = await waitFor(
      async () => {
        const text = await scrape(stack.apiUrl);
        return metricValue(text, 'nce_orders', { status: 'completed' }) >= 1 ? text : undefined;
      },
      { what: 'orders gauge on the API' },
    );
    expect(metricValue(api, 'nce_queue_depth', { queue: 'subscription', state: 'completed' })).toBeGreaterThanOrEqual(2);
    expect(api).toContain('process="api"');
    const found = await operator.get<{ items: Array<{ id: string }> }>(`/v1/orders?status=completed&domain=${tenant.domain}`);
    expect(found.body.items.map((item) => item.id)).toEqual([order.id]);
  });

  it('reports breaker states in the API readiness details', async () => {
    const ready = await fetch(`${stack.apiUrl}/health/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { details: { breakers: Record<string, { state: string }> } };
    expect(body.details.breakers.commerce).toEqual({ state: 'closed' });
  });
});
