import { randomBytes } from 'node:crypto';
import type { RedisConfig } from '@nce/config';
import { JOB_NAMES, QUEUES } from '@nce/contracts';
import { testConfig, waitFor } from '@nce/testing';
import { QueueRegistry } from './queue-registry';
import { type JobContext, WorkerHost } from './worker-host';

describe('WorkerHost (real Redis)', () => {
  const url = new URL(testConfig.redisUrl());
  const redis: RedisConfig = {
    connection: { mode: 'standalone', host: url.hostname, port: Number(url.port || 6379), db: 0, tls: false },
    queuePrefix: `whost${randomBytes(4).toString('hex')}`,
  };
  let queues: QueueRegistry;
  let host: WorkerHost | null = null;

  beforeAll(() => {
    queues = new QueueRegistry(redis);
  });

  afterEach(async () => {
    await host?.close();
    host = null;
  });

  afterAll(async () => {
    await queues
      .get(QUEUES.mca)
      .obliterate({ force: true })
      .catch(() => undefined);
    await queues.close();
  });

  const orderId = '0b8f8a52-4c1e-4a57-9d6b-0f0e1c2d3a4b';
  const databaseDown = (): Error => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });

  it('waits out a MySQL outage without using up the job attempts', async () => {
    const calls: JobContext[] = [];
    const delays: string[] = [];
    host = new WorkerHost({
      queue: QUEUES.mca,
      redis,
      concurrency: 1,
      observer: { delayed: (_name, reason) => delays.push(reason) },
      handlers: {
        'order.mca': async (_payload, context) => {
          calls.push(context);
          // MySQL is "down" for the first three runs: more than the job's two attempts.
          if (calls.length <= 3) throw databaseDown();
        },
      },
    });
    host.start();
    const job = await queues
      .get(QUEUES.mca)
      .add(
        JOB_NAMES.orderMca,
        { orderId, run: 1, correlationId: orderId },
        { jobId: `mca-${orderId}-1`, attempts: 2, backoff: { type: 'fixed', delay: 10 } },
      );
    await waitFor(async () => (await job.getState()) === 'completed', {
      timeoutMs: 20_000,
      intervalMs: 100,
      what: 'the job to complete after the outage',
    });
    expect(calls).toHaveLength(4);
    expect(calls.map((call) => call.attempt)).toEqual([1, 1, 1, 1]);
    expect(delays).toEqual(['upstream_unavailable', 'upstream_unavailable', 'upstream_unavailable']);
  });

  it('counts any other error as a failed attempt', async () => {
    let calls = 0;
    host = new WorkerHost({
      queue: QUEUES.mca,
      redis,
      concurrency: 1,
      handlers: {
        'order.mca': async () => {
          calls += 1;
          throw new Error('a bug');
        },
      },
    });
    host.start();
    const job = await queues
      .get(QUEUES.mca)
      .add(
        JOB_NAMES.orderMca,
        { orderId, run: 2, correlationId: orderId },
        { jobId: `mca-${orderId}-2`, attempts: 2, backoff: { type: 'fixed', delay: 10 } },
      );
    await waitFor(async () => (await job.getState()) === 'failed', { timeoutMs: 20_000, intervalMs: 100, what: 'the job to fail' });
    expect(calls).toBe(2);
  });
});
