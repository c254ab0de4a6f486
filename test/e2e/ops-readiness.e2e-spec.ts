import { type PrivateRedis, type TestStack, startPrivateRedis, startTestStack, waitFor } from '@nce/testing';

describe('operations: worker readiness follows Redis', () => {
  let redis: PrivateRedis;
  let stack: TestStack;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    stack = await startTestStack({
      label: 'opsready',
      workers: ['worker-subscription'],
      redisUrl: redis.url,
      env: { JOB_LOCK_MS: '2000' },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await redis?.stop();
  });

  const readiness = async (): Promise<{ status: number; body: { details: { redis: { status: string } } } }> => {
    const response = await fetch(`${stack.workers[0].url}/health/ready`);
    return { status: response.status, body: (await response.json()) as { details: { redis: { status: string } } } };
  };

  it('turns a worker unready while Redis is down and ready again once it is back', async () => {
    expect((await readiness()).status).toBe(200);
    await redis.stop();
    const down = await waitFor(
      async () => {
        const report = await readiness();
        return report.status === 503 ? report : undefined;
      },
      { timeoutMs: 15_000, what: 'the worker to report unready' },
    );
    expect(down.body.details.redis.status).toBe('down');
    const live = await fetch(`${stack.workers[0].url}/health/live`);
    expect(live.status).toBe(200);
    await redis.start();
    await waitFor(async () => (await readiness()).status === 200, { timeoutMs: 30_000, what: 'the worker to report ready again' });
  });
});
