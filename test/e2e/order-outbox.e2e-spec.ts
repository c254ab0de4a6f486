import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { ApiClient, type PrivateRedis, type TestStack, startPrivateRedis, startTestStack, waitFor } from '@nce/testing';
import { existingAccountOrder, idempotencyKey } from './support/orders.fixture';

describe('order intake outbox: the order, its event and its command commit together', () => {
  let redis: PrivateRedis;
  let stack: TestStack;
  let partner: ApiClient;
  let customerId: string;
  let connection: IORedis;
  let queue: Queue;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    stack = await startTestStack({ label: 'outbox', redisUrl: redis.url });
    partner = new ApiClient(stack.apiUrl).as(stack.credentials.partners.direct.apiKey);
    customerId = stack.credentials.customers[0].id;
    connection = new IORedis(redis.url, { maxRetriesPerRequest: null, lazyConnect: true });
    connection.on('error', () => undefined);
    queue = new Queue('subscription', { connection, prefix: stack.queuePrefix });
    queue.on('error', () => undefined);
  });

  afterAll(async () => {
    await queue?.close().catch(() => undefined);
    connection?.disconnect();
    await stack?.stop();
    await redis?.stop();
  });

  it('stores the accepted order with its order.accepted event and publishes the account job with a deterministic id', async () => {
    const response = await partner.post('/v1/orders', existingAccountOrder(customerId), { 'idempotency-key': idempotencyKey() });
    expect(response.status).toBe(202);
    const id = response.body.id as string;
    const [row] = await stack.db.dataSource.query('SELECT status, step, run FROM orders WHERE id = ?', [id]);
    expect(row).toMatchObject({ status: 'accepted', step: 'account', run: 1 });
    const events = await stack.db.dataSource.query('SELECT sequence, type FROM order_events WHERE order_id = ?', [id]);
    expect(events).toEqual([{ sequence: 1, type: 'order.accepted' }]);
    const job = await waitFor(async () => (await queue.getJob(`account-${id}-1`)) ?? undefined, { what: 'the account job' });
    expect(job.name).toBe('order.account');
    expect(job.data).toEqual({ orderId: id, run: 1, correlationId: id });
    const viaApi = await partner.get<{ items: Array<{ sequence: number; type: string }> }>(`/v1/orders/${id}/events`);
    expect(viaApi.body.items.map((event) => event.type)).toEqual(['order.accepted']);
    await waitFor(async () => Number((await stack.db.dataSource.query('SELECT COUNT(*) AS n FROM outbox'))[0].n) === 0, {
      what: 'an empty outbox',
    });
  });

  it('accepts orders while Redis is down and publishes them once it is back', async () => {
    await redis.stop();
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const response = await partner.post('/v1/orders', existingAccountOrder(customerId), { 'idempotency-key': idempotencyKey() });
      expect(response.status).toBe(202);
      ids.push(response.body.id as string);
    }
    const pending = await stack.db.dataSource.query('SELECT job_id FROM outbox ORDER BY id');
    expect(pending.map((row: { job_id: string }) => row.job_id)).toEqual(ids.map((id) => `account-${id}-1`));
    await redis.start();
    for (const id of ids) {
      await waitFor(async () => (await queue.getJob(`account-${id}-1`)) ?? undefined, { timeoutMs: 30_000, what: `job for ${id}` });
    }
    await waitFor(async () => Number((await stack.db.dataSource.query('SELECT COUNT(*) AS n FROM outbox'))[0].n) === 0, {
      what: 'an empty outbox',
    });
  });
});
