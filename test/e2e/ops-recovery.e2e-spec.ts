import { UnrecoverableError, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { ApiClient, type TestStack, startProcess, startTestStack, waitFor } from '@nce/testing';
import { existingAccountOrder, idempotencyKey } from './support/orders.fixture';
import { simLedger, simTenant, waitForOrder } from './support/provisioning';

const ENV = {
  RECHECK_BASE_MS: '200',
  RECHECK_MAX_MS: '1000',
  PROVISIONING_POLL_MS: '50',
  TIME_SCALE: '20',
  JOB_LOCK_MS: '2000',
  PC_TIMEOUT_MS: '1500',
};

type TimelineItem = {
  at: string;
  kind: string;
  route?: string;
  status?: number | null;
  requestId?: string;
  errorCode?: string;
  action?: string;
  type?: string;
  step?: string;
};

async function faults(simUrl: string, rules: unknown[] | null): Promise<void> {
  await fetch(
    `${simUrl}/_sim/faults`,
    rules ? { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rules) } : { method: 'DELETE' },
  );
}

describe('operations: dead letters, retries, timelines, audit', () => {
  let stack: TestStack;
  let operator: ApiClient;
  let partner: ApiClient;

  beforeAll(async () => {
    // No workers at first: the first test dead-letters a job before any worker may take it.
    stack = await startTestStack({ label: 'opsrecover', workers: [], env: ENV });
    operator = new ApiClient(stack.apiUrl, stack.credentials.operator.apiKey);
    partner = new ApiClient(stack.apiUrl, stack.credentials.partners.direct.apiKey);
  });

  afterAll(async () => {
    await faults(stack.simUrl, null);
    await stack?.stop();
  });

  async function order(state: Record<string, unknown> = {}): Promise<{ id: string; tenantId: string }> {
    const tenant = await simTenant(stack.simUrl, { mca: 'valid', ...state });
    // A fresh customer per order: a customer is bound to the first tenant it orders for.
    const customer = await partner.post('/v1/customers', { name: `Ops ${tenant.tenantId.slice(0, 8)}` });
    const body = existingAccountOrder(customer.body.id as string, {
      account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true },
    });
    const accepted = await partner.post('/v1/orders', body, { 'idempotency-key': idempotencyKey() });
    expect(accepted.status).toBe(202);
    return { id: accepted.body.id as string, tenantId: tenant.tenantId };
  }

  it('lists a dead-lettered job and completes its order once an operator replays it', async () => {
    const { id } = await order();
    const connection = new IORedis(stack.env.REDIS_URL, { maxRetriesPerRequest: null });
    const killer = new Worker(
      'subscription',
      async () => {
        throw new UnrecoverableError('forced into the dead-letter set by the test');
      },
      { connection, prefix: stack.queuePrefix },
    );
    type DeadLetter = {
      id: string;
      jobId: string;
      queue: string;
      name: string;
      failedReason: string;
      attemptsMade: number;
      finishedOn: string;
      data: { orderId: string };
    };
    const dead = await waitFor(
      async () => {
        const listed = await operator.get<{ items: DeadLetter[] }>('/v1/ops/dead-letters?queue=subscription');
        return listed.body.items.find((item) => item.data.orderId === id);
      },
      { what: 'the dead letter' },
    );
    await killer.close();
    await connection.quit();
    expect(dead).toMatchObject({
      queue: 'subscription',
      name: 'order.account',
      failedReason: 'forced into the dead-letter set by the test',
    });
    expect(dead.id).toBe(`subscription:${dead.jobId}`);
    expect(Date.parse(dead.finishedOn)).not.toBeNaN();
    expect((await partner.post(`/v1/ops/dead-letters/${encodeURIComponent(dead.id)}/replay`)).status).toBe(403);

    for (const app of ['worker-subscription', 'worker-mca']) stack.workers.push(await startProcess(app, stack.env));
    const replayed = await operator.post(`/v1/ops/dead-letters/${encodeURIComponent(dead.id)}/replay`);
    expect(replayed.status).toBe(200);
    await waitForOrder(partner, id, (o) => o.status === 'completed');
    expect((await operator.post(`/v1/ops/dead-letters/${encodeURIComponent(dead.jobId)}/replay?queue=subscription`)).status).toBe(409);
    const audit = await operator.get<{ items: Array<{ action: string; targetType: string; details: { jobId?: string } }> }>(
      `/v1/ops/audit?targetType=order&targetId=${id}`,
    );
    expect(audit.body.items).toEqual([
      expect.objectContaining({ action: 'dead_letter.replay', details: expect.objectContaining({ jobId: dead.jobId }) }),
    ]);
    const replayAll = await operator.post<{ queue: string; replayed: number }>('/v1/ops/queues/subscription/dead-letters/replay');
    expect(replayAll.body).toEqual({ queue: 'subscription', replayed: 0 });
    const queueAudit = await operator.get<{ items: Array<{ action: string }> }>('/v1/ops/audit?targetType=queue&targetId=subscription');
    expect(queueAudit.body.items.map((item) => item.action)).toEqual(['dead_letter.replay_all', 'dead_letter.replay']);
  });

  it('retries a failed order from its failed step, only when failed, and audits the retry', async () => {
    // Checkout refused for good (800075): the account turns NotAllowed while the cart is being created.
    await faults(stack.simUrl, [{ method: 'POST', path: '/carts$', kind: 'latency', latencyMs: 2000, count: 1 }]);
    const { id, tenantId } = await order();
    const accountStatus = (status: string): Promise<Response> =>
      fetch(`${stack.simUrl}/_sim/tenants/${tenantId}/account-status`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status }),
      });
    await waitForOrder(partner, id, (o) => o.step === 'subscription');
    await accountStatus('NotAllowed');
    const failed = await waitForOrder(partner, id, (o) => o.status === 'failed');
    expect(failed.failure?.code).toBeTruthy();
    expect((await partner.post(`/v1/ops/orders/${id}/retry`)).status).toBe(403);
    await accountStatus('Allowed');
    const retried = await operator.post<{ status: string }>(`/v1/ops/orders/${id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('in_progress');
    await waitForOrder(partner, id, (o) => o.status === 'completed');
    const again = await operator.post(`/v1/ops/orders/${id}/retry`);
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    const timeline = await operator.get<{ items: TimelineItem[] }>(`/v1/orders/${id}/timeline`);
    const kinds = timeline.body.items.map((item) => item.kind);
    expect(kinds).toEqual(expect.arrayContaining(['transition', 'job', 'partner_center', 'operator']));
    expect(timeline.body.items.filter((item) => item.kind === 'operator').map((item) => item.action)).toEqual(['order.retry']);
    expect(timeline.body.items.filter((item) => item.kind === 'transition').map((item) => item.type)).toEqual(
      expect.arrayContaining(['order.failed', 'order.completed']),
    );
  });

  it('shows a timed-out checkout, its recovery and the MS-RequestId Microsoft recorded, in time order', async () => {
    await faults(stack.simUrl, [{ method: 'POST', path: '/checkout$', kind: 'timeout', count: 1, latencyMs: 4000 }]);
    const { id } = await order();
    await waitForOrder(partner, id, (o) => o.status === 'completed', 45_000);
    let seen: TimelineItem[] = [];
    const timeline = await waitFor(
      async () => {
        seen = (await operator.get<{ items: TimelineItem[] }>(`/v1/orders/${id}/timeline`)).body.items;
        return seen.some((item) => item.kind === 'job' && item.step === 'subscription') ? seen : undefined;
      },
      { what: 'the subscription step on the timeline' },
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; seen: ${JSON.stringify(seen)}`);
    });
    const checkouts = timeline.filter((item) => item.kind === 'partner_center' && item.route?.endsWith('/checkout'));
    expect(checkouts[0]).toMatchObject({ status: null, errorCode: 'TIMEOUT' });
    // Any repeated checkout reuses the MS-RequestId (Microsoft's idempotency key); Microsoft kept it.
    expect(new Set(checkouts.map((item) => item.requestId)).size).toBe(1);
    const ledger = await simLedger(stack.simUrl);
    expect(ledger.checkouts.filter((checkout) => checkout.correlationId === id).map((checkout) => checkout.requestId)).toEqual([
      checkouts[0].requestId,
    ]);
    const afterTimeout = timeline.slice(timeline.indexOf(checkouts[0]) + 1);
    expect(afterTimeout.some((item) => item.kind === 'partner_center' && item.route?.includes('/carts/{cartId}'))).toBe(true);
    expect(timeline.filter((item) => item.kind === 'transition').map((item) => item.type)).toEqual(
      expect.arrayContaining(['order.accepted', 'order.completed']),
    );
    const times = timeline.map((item) => Date.parse(item.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect((await partner.get(`/v1/orders/${id}/timeline`)).status).toBe(403);
  });

  it('audits an operator cancel', async () => {
    const stopped = stack.workers.splice(0);
    await Promise.all(stopped.map((worker) => worker.stop(5_000)));
    const { id } = await order();
    const cancelled = await operator.post(`/v1/orders/${id}/cancel`);
    expect(cancelled.status).toBe(200);
    const audit = await operator.get<{ items: Array<{ action: string; actorRole: string }> }>(
      `/v1/ops/audit?targetType=order&targetId=${id}`,
    );
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'order.cancel', actorRole: 'operator' })]);
  });
});
