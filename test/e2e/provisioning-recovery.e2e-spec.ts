import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { ApiClient, type TestStack, startProcess, startTestStack, waitFor } from '@nce/testing';
import { existingAccountOrder, idempotencyKey } from './support/orders.fixture';
import { simLedger, simTenant, waitForOrder } from './support/provisioning';

const ENV = {
  RECHECK_BASE_MS: '200',
  RECHECK_MAX_MS: '400',
  PROVISIONING_POLL_MS: '50',
  RECONCILE_INTERVAL_MS: '300',
  RECONCILE_STALE_MS: '800',
  PARK_LIMIT_MS: '2500',
};

describe('provisioning recovery: lost jobs and parks that never clear', () => {
  let stack: TestStack;
  let partner: ApiClient;
  let connection: IORedis;

  beforeAll(async () => {
    // worker-mca is started later by the test: the mca job waits, then is lost.
    stack = await startTestStack({ label: 'provrecovery', workers: ['worker-subscription'], env: ENV });
    partner = new ApiClient(stack.apiUrl).as(stack.credentials.partners.direct.apiKey);
    connection = new IORedis(stack.env.REDIS_URL, { maxRetriesPerRequest: null });
  });

  afterAll(async () => {
    connection?.disconnect();
    await stack?.stop();
  });

  it('re-drives an order whose job was lost from Redis, and it completes once', async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'valid' });
    const accepted = await partner.post(
      '/v1/orders',
      existingAccountOrder(stack.credentials.customers[0].id, {
        account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true },
      }),
      { 'idempotency-key': idempotencyKey() },
    );
    const orderId = accepted.body.id as string;
    await waitForOrder(partner, orderId, (o) => o.step === 'mca');
    const queue = new Queue('mca', { connection, prefix: stack.queuePrefix });
    const jobId = `mca-${orderId}-1`;
    await waitFor(async () => (await queue.getJob(jobId)) ?? undefined, { what: 'the mca job' });
    // Redis loses the job (flush, failover without persistence).
    await queue.remove(jobId);
    expect(await queue.getJob(jobId)).toBeUndefined();
    await waitFor(async () => (await queue.getJob(jobId)) ?? undefined, {
      timeoutMs: 15_000,
      what: 'the reconciler to publish the job again',
    });
    await queue.close();
    stack.workers.push(await startProcess('worker-mca', stack.env));
    const done = await waitForOrder(partner, orderId, (o) => o.status === 'completed', 30_000);
    expect(done.subscriptions).toHaveLength(1);
    const ledger = await simLedger(stack.simUrl);
    expect(ledger.checkouts.filter((checkout) => checkout.correlationId === orderId)).toHaveLength(1);
  });

  it('fails an order whose required action is never taken, with a reason code and a way to fix it', async () => {
    const tenant = await simTenant(stack.simUrl, { relationship: false });
    const accepted = await partner.post(
      '/v1/orders',
      existingAccountOrder(stack.credentials.customers[1].id, {
        account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true },
      }),
      { 'idempotency-key': idempotencyKey() },
    );
    await waitForOrder(partner, accepted.body.id as string, (o) => o.status === 'action_required');
    const failed = await waitForOrder(partner, accepted.body.id as string, (o) => o.status === 'failed', 20_000);
    expect(failed.failure).toMatchObject({ code: 'PARK_EXPIRED', step: 'account' });
    expect(failed.failure?.howToFix).toBeTruthy();
  });
});
