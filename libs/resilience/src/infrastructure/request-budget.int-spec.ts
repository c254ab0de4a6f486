import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { BudgetExhaustedError } from '../domain/resilience.errors';
import { RequestBudget } from './request-budget';
import { runInLane } from './throttle-lane';
import { testConfig, waitFor } from '@nce/testing';

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

  function budget(
    redis: Redis,
    overrides: Partial<{ perPartner: number; perCustomer: number; maxWaitMs: number; windowMs: number; recoveryMs: number }> = {},
  ): RequestBudget {
    return new RequestBudget({
      redis,
      keyPrefix: prefix,
      limits: { perPartner: overrides.perPartner ?? 0, perCustomer: overrides.perCustomer ?? 0 },
      maxWaitMs: overrides.maxWaitMs ?? 0,
      windowMs: overrides.windowMs ?? 60_000,
      recoveryMs: overrides.recoveryMs,
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
      // Up to 250 ms of jitter spreads the jobs that come back.
      expect(reason.retryAfterMs).toBeLessThanOrEqual(60_250);
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

  it('keeps a separate window per resource group', async () => {
    const a = budget(first, { perPartner: 1 });
    await a.acquire({ partnerId: 'p7', group: 'commerce' });
    await expect(a.acquire({ partnerId: 'p7', group: 'commerce' })).rejects.toBeInstanceOf(BudgetExhaustedError);
    await expect(a.acquire({ partnerId: 'p7', group: 'customers' })).resolves.toBeUndefined();
  });

  it('pauses the scope for every process after a 429 and cuts the rate until it recovers', async () => {
    const a = budget(first, { perPartner: 10, windowMs: 60_000, recoveryMs: 60_000 });
    const b = budget(second, { perPartner: 10, windowMs: 60_000, recoveryMs: 60_000 });
    await a.penalize({ partnerId: 'p8', group: 'commerce' }, 400);
    const error = await b.acquire({ partnerId: 'p8', group: 'commerce' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExhaustedError);
    expect((error as BudgetExhaustedError).retryAfterMs).toBeGreaterThan(250);
    // Once the pause is over the first slot is taken; refused calls during the pause take none.
    const scope = { partnerId: 'p8', group: 'commerce' };
    await waitFor(
      () =>
        b.acquire(scope).then(
          () => true,
          (refused: unknown) => (refused instanceof BudgetExhaustedError ? false : Promise.reject(refused)),
        ),
      { intervalMs: 25, what: 'the pause to end' },
    );
    // The rate was cut to 70 %: 7 of the 10 slots, then refused.
    for (let index = 1; index < 7; index += 1) await b.acquire(scope);
    await expect(a.acquire({ partnerId: 'p8', group: 'commerce' })).rejects.toBeInstanceOf(BudgetExhaustedError);
  });

  it('pauses only the (partner, customer) pair of a customer call and lowers the partner rate', async () => {
    const a = budget(first, { perPartner: 10, perCustomer: 10 });
    await a.penalize({ partnerId: 'p9', customerId: 'hot', group: 'customers' }, 5_000);
    await expect(a.acquire({ partnerId: 'p9', customerId: 'hot', group: 'customers' })).rejects.toBeInstanceOf(BudgetExhaustedError);
    await expect(a.acquire({ partnerId: 'p9', customerId: 'cool', group: 'customers' })).resolves.toBeUndefined();
  });

  it('lets a waiting interactive call go before bulk calls', async () => {
    const a = budget(first, { perPartner: 1, windowMs: 400, maxWaitMs: 2_000 });
    const b = budget(second, { perPartner: 1, windowMs: 400, maxWaitMs: 2_000 });
    const scope = { partnerId: 'p10', group: 'commerce' };
    await a.acquire({ ...scope, lane: 'bulk' });
    const order: string[] = [];
    const bulk = b.acquire({ ...scope, lane: 'bulk' }).then(() => order.push('bulk'));
    // The bulk call is waiting once it has recorded its demand.
    await waitFor(async () => (await first.keys(`${prefix}*p10*demand:bulk`)).length > 0, { intervalMs: 5, what: 'the bulk call to wait' });
    const interactive = a.acquire({ ...scope, lane: 'interactive' }).then(() => order.push('interactive'));
    await Promise.all([bulk, interactive]);
    expect(order).toEqual(['interactive', 'bulk']);
  });

  it('caps re-checks of parked orders at their share of the partner limit', async () => {
    const a = budget(first, { perPartner: 20 });
    const scope = { partnerId: 'p11', group: 'customers', lane: 'recheck' as const };
    await a.acquire(scope);
    await a.acquire(scope);
    await expect(a.acquire(scope)).rejects.toBeInstanceOf(BudgetExhaustedError);
    await expect(a.acquire({ ...scope, lane: 'interactive' })).resolves.toBeUndefined();
  });

  it('lets a re-check that got its first call through finish, and refuses new re-checks meanwhile', async () => {
    const a = budget(first, { perPartner: 30, maxWaitMs: 2_000 });
    const scope = { partnerId: 'p12', group: 'graph' };
    // The share is three calls per window: the admitted re-check still makes its four calls.
    await runInLane('recheck', async () => {
      for (let index = 0; index < 4; index += 1) await a.acquire(scope);
    });
    await expect(runInLane('recheck', () => a.acquire(scope))).rejects.toMatchObject({ lane: 'recheck' });
  });

  it('admits concurrent calls of one re-check together (one re-check slot, not one each)', async () => {
    const a = budget(first, { perPartner: 10, maxWaitMs: 2_000 });
    const scope = { partnerId: 'p13', group: 'agreements' };
    await runInLane('recheck', () => Promise.all([a.acquire(scope), a.acquire(scope)]));
    await expect(runInLane('recheck', () => a.acquire(scope))).rejects.toMatchObject({ lane: 'recheck' });
  });
});
