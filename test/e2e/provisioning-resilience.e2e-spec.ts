import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { ApiClient, type RunningProcess, type TestStack, startProcess, startTestStack, waitFor } from '@nce/testing';
import { existingAccountOrder, idempotencyKey } from './support/orders.fixture';
import { eventTypes, simLedger, simTenant, waitForOrder } from './support/provisioning';

const ENV = {
  RECHECK_BASE_MS: '200',
  RECHECK_MAX_MS: '1000',
  PROVISIONING_POLL_MS: '50',
  TIME_SCALE: '20',
  JOB_LOCK_MS: '2000',
  PC_TIMEOUT_MS: '1500',
  PC_BREAKER_VOLUME: '4',
  PC_BREAKER_RESET_MS: '1000',
  PC_BREAKER_WINDOW_MS: '5000',
};

async function faults(simUrl: string, rules: unknown[] | null): Promise<void> {
  await fetch(
    `${simUrl}/_sim/faults`,
    rules ? { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rules) } : { method: 'DELETE' },
  );
}

describe('provisioning under faults: timeouts, throttling, outages, crashes', () => {
  let stack: TestStack;
  let partner: ApiClient;
  let connection: IORedis;

  beforeAll(async () => {
    stack = await startTestStack({ label: 'provfaults', workers: ['worker-subscription', 'worker-mca'], env: ENV });
    partner = new ApiClient(stack.apiUrl).as(stack.credentials.partners.direct.apiKey);
    connection = new IORedis(stack.env.REDIS_URL, { maxRetriesPerRequest: null });
  });

  afterEach(async () => {
    await faults(stack.simUrl, null);
  });

  afterAll(async () => {
    connection?.disconnect();
    await stack?.stop();
  });

  async function placeOrders(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const tenant = await simTenant(stack.simUrl, { mca: 'valid' });
      const customer = await partner.post('/v1/customers', { name: `Fault customer ${index}` });
      const accepted = await partner.post(
        '/v1/orders',
        existingAccountOrder(customer.body.id as string, {
          account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true },
        }),
        { 'idempotency-key': idempotencyKey() },
      );
      expect(accepted.status).toBe(202);
      ids.push(accepted.body.id as string);
    }
    return ids;
  }

  async function failedJobs(): Promise<number> {
    let total = 0;
    for (const name of ['subscription', 'mca']) {
      const queue = new Queue(name, { connection, prefix: stack.queuePrefix });
      total += await queue.getFailedCount();
      await queue.close();
    }
    return total;
  }

  it('checks out exactly once when the checkout timed out after Microsoft committed it', async () => {
    await faults(stack.simUrl, [{ method: 'POST', path: '/checkout$', kind: 'timeout', count: 1, latencyMs: 4000 }]);
    const [orderId] = await placeOrders(1);
    const done = await waitForOrder(partner, orderId, (o) => o.status === 'completed', 45_000);
    expect(done.subscriptions).toHaveLength(1);
    const ledger = await simLedger(stack.simUrl);
    expect(ledger.checkouts.filter((checkout) => checkout.correlationId === orderId)).toHaveLength(1);
    expect(ledger.duplicateCheckouts).toBe(0);
    const checkoutRequests = ledger.requests.filter((request) => request.correlationId === orderId && request.path.endsWith('/checkout'));
    expect(new Set(checkoutRequests.map((request) => request.requestId)).size).toBe(1);
  });

  it('completes every order through a 429 storm without exhausting attempts', async () => {
    await faults(stack.simUrl, [{ path: '^/v1/', kind: '429', probability: 0.5, retryAfterSeconds: 1 }]);
    const ids = await placeOrders(6);
    for (const id of ids) await waitForOrder(partner, id, (o) => o.status === 'completed', 60_000);
    expect(await failedJobs()).toBe(0);
    const ledger = await simLedger(stack.simUrl);
    expect(ledger.requests.some((request) => request.status === 429)).toBe(true);
  });

  it('delays orders while Partner Center is down (breaker open) and completes them once it is back', async () => {
    await faults(stack.simUrl, [{ path: '^/v1/customers', kind: '503', retryAfterSeconds: 1 }]);
    const ids = await placeOrders(3);
    await waitForOrder(partner, ids[0], (o) => o.delay?.reason === 'partner_center_unavailable', 30_000);
    await waitFor(async () => (await eventTypes(partner, ids[0])).includes('order.delayed'), { what: 'order.delayed' });
    for (const id of ids) expect((await partner.get(`/v1/orders/${id}`)).body.status).not.toBe('failed');
    await faults(stack.simUrl, null);
    for (const id of ids) await waitForOrder(partner, id, (o) => o.status === 'completed', 60_000);
  });

  it('finishes an order in another worker after the first is killed mid-step, without a second checkout', async () => {
    await faults(stack.simUrl, [{ method: 'POST', path: '/checkout$', kind: 'latency', latencyMs: 1200, count: 1 }]);
    const [orderId] = await placeOrders(1);
    await waitForOrder(partner, orderId, (o) => o.step === 'subscription', 30_000);
    await waitFor(
      async () =>
        (await simLedger(stack.simUrl)).requests.some((request) => request.correlationId === orderId && request.path.endsWith('/carts')),
      { what: 'the cart' },
    );
    const victim = stack.workers[0];
    victim.kill('SIGKILL');
    await victim.exited;
    let replacement: RunningProcess | null = null;
    try {
      replacement = await startProcess('worker-subscription', stack.env);
      const done = await waitForOrder(partner, orderId, (o) => o.status === 'completed', 60_000);
      expect(done.subscriptions[0].status).toBe('active');
      const ledger = await simLedger(stack.simUrl);
      expect(ledger.checkouts.filter((checkout) => checkout.correlationId === orderId).length).toBeLessThanOrEqual(1);
      expect(ledger.duplicateCheckouts).toBe(0);
    } finally {
      stack.workers[0] = replacement ?? victim;
    }
  });
});
