import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { BudgetExhaustedError } from '../domain/resilience.errors';
import { RequestBudget } from './request-budget';
import { testConfig } from '@nce/testing';

const redisUrl = testConfig.redisUrl();

describe('RequestBudget (real Redis)', () => {
  const prefix = `test-budget-${testConfig.runId()}-${randomBytes(4).toString('hex')}`;
  let first: Redis;
  let second: Redis;

  beforeAll(() => {
    first = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 });
    second = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    const keys = await first.keys(`${prefix}*`);
    if (keys.length > 0) await first.del(...keys);
    await Promise.all([first.quit(), second.quit()]);
  });

  function budget(redis: Redis, overrides: Partial<{ perPartner: number; perCustomer: number; maxWaitMs: number; windowMs: number }> = {}): RequestBudget {
    return new RequestBudget({
      redis,
      keyPrefix: prefix,
      limits: { perPartner: overrides.perPartner ?? 0, perCustomer: overrides.perCustomer ?? 0 },
      maxWaitMs: overrides.maxWaitMs ?? 0,
      windowMs: overrides.windowMs ?? 60_000,
    });
  }

  it('shares one partner budget between two clients on separate connections', async () => {
    const a = budget(first, { perPartner: 5 });
    const b = budget(second, { perPartner: 5 });
    const scope = { partnerId: 'partner-shared' };
    const results = await Promise.allSettled([a, b, a, b, a, b, a, b].map((client) => client.acquire(scope)));
    const granted = results.filter((result) => result.status === 'fulfilled').length;
    const refused = results.filter((result) => result.status === 'rejected');
    expect(granted).toBe(5);
    expect(refused).toHaveLength(3);
    for (const result of refused) {
      const reason = (result as PromiseRejectedResult).reason as BudgetExhaustedError;
      expect(reason).toBeInstanceOf(BudgetExhaustedError);
      expect(reason.retryClass).toBe('throttled');
      expect(reason.retryAfterMs).toBeGreaterThan(0);
      expect(reason.retryAfterMs).toBeLessThanOrEqual(60_000);
    }
  });

  it('limits each (partner, customer) pair separately while counting the partner total', async () => {
    const a = budget(first, { perPartner: 3, perCustomer: 2 });
    const b = budget(second, { perPartner: 3, perCustomer: 2 });
    await a.acquire({ partnerId: 'p2', customerId: 'c1' });
    await b.acquire({ partnerId: 'p2', customerId: 'c1' });
    await expect(a.acquire({ partnerId: 'p2', customerId: 'c1' })).rejects.toBeInstanceOf(BudgetExhaustedError);
    await b.acquire({ partnerId: 'p2', customerId: 'c2' });
    // The partner total (3) is now used up, although customer c3 has never called.
    await expect(a.acquire({ partnerId: 'p2', customerId: 'c3' })).rejects.toBeInstanceOf(BudgetExhaustedError);
  });

  it('does not take a partner slot when the customer window refuses', async () => {
    const a = budget(first, { perPartner: 2, perCustomer: 1 });
    await a.acquire({ partnerId: 'p3', customerId: 'busy' });
    await expect(a.acquire({ partnerId: 'p3', customerId: 'busy' })).rejects.toBeInstanceOf(BudgetExhaustedError);
    await expect(a.acquire({ partnerId: 'p3', customerId: 'other' })).resolves.toBeUndefined();
  });

  it('waits for the next slot when it frees within maxWaitMs', async () => {
    const a = budget(first, { perPartner: 2, windowMs: 300, maxWaitMs: 1_000 });
    const b = budget(second, { perPartner: 2, windowMs: 300, maxWaitMs: 1_000 });
    const started = Date.now();
    await a.acquire({ partnerId: 'p4' });
    await b.acquire({ partnerId: 'p4' });
    await a.acquire({ partnerId: 'p4' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('throws at once when the wait would exceed maxWaitMs', async () => {
    const a = budget(first, { perPartner: 1, windowMs: 5_000, maxWaitMs: 100 });
    await a.acquire({ partnerId: 'p5' });
    const started = Date.now();
    const error = await a.acquire({ partnerId: 'p5' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExhaustedError);
    expect((error as BudgetExhaustedError).retryAfterMs).toBeGreaterThan(4_000);
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('is a no-op when every limit is 0 (unlimited)', async () => {
    const a = budget(first);
    expect(a.enabled).toBe(false);
    for (let i = 0; i < 20; i += 1) await a.acquire({ partnerId: 'p6', customerId: 'c' });
    expect(await first.keys(`${prefix}:budget:{p6}*`)).toEqual([]);
  });
});
