import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { PartnerCenterError } from '@nce/partner-center';
import { BreakerOpenError, BudgetExhaustedError } from '@nce/resilience';
import { PARTNER_TENANT_ID, SimHarness, secret, uniqueDomain } from './sim-harness';
import { consentThroughSimulator, testConfig, waitFor } from '@nce/testing';

const redisUrl = testConfig.redisUrl();

describe('PartnerCenterClient contract: tokens, throttling, breakers, budgets', () => {
  let sim: SimHarness;
  let customerId: string;

  beforeAll(async () => {
    sim = await SimHarness.start();
    customerId = (await sim.createTenant({ domain: uniqueDomain('res') })).tenantId;
  });
  afterAll(() => sim.close());
  afterEach(() => sim.clearFaults());

  async function totalRequests(): Promise<number> {
    return (await sim.control<{ totalRequests: number }>('GET', '/_sim/ledger?requests=false')).totalRequests;
  }

  it('refreshes the token exactly once after the simulator revokes issued tokens, and the call succeeds', async () => {
    const client = sim.client();
    await client.getCustomer(customerId);
    const tokensBefore = client.tokenRequests;
    await sim.control('POST', '/_sim/tokens/revoke', { refreshTokens: false });
    sim.observations.length = 0;
    await expect(client.getCustomer(customerId)).resolves.toMatchObject({ id: customerId });
    expect(client.tokenRequests - tokensBefore).toBe(1);
    expect(sim.observations.map((observation) => observation.status)).toEqual([401, 200]);
    expect(sim.observations[0].requestId).toBe(sim.observations[1].requestId);
  });

  it('reports a refused refresh token as an authentication wait (breaker), without touching other clients', async () => {
    const refreshToken = await consentThroughSimulator(sim.url, { partnerTenantId: PARTNER_TENANT_ID, clientId: 'nce-contract-tests' });
    await sim.control('POST', '/_sim/tokens/revoke', { refreshToken });
    const revoked = sim.client({ config: sim.config({ refreshToken: secret(refreshToken) }) });
    const error = await revoked.getValidationStatus(customerId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerCenterError);
    expect(error).toMatchObject({ source: 'authority', code: 'PARTNER_CENTER_AUTHENTICATION', retryClass: 'upstream_unavailable' });
    expect((error as Error).message).toContain('invalid_grant');
    await expect(sim.client().getValidationStatus(customerId)).resolves.toMatchObject({ status: 'Allowed' });
  });

  it('turns 429 with Retry-After into a throttled error carrying retryAfterMs, without tripping the breaker', async () => {
    const client = sim.client({ config: sim.config({}, { volumeThreshold: 2, errorThresholdPercentage: 10 }) });
    await sim.setFaults([{ method: 'GET', path: '^/v1/customers/[^/]+$', kind: '429', retryAfterSeconds: 17 }]);
    for (let i = 0; i < 3; i += 1) {
      const error = await client.getCustomer(customerId).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PartnerCenterError);
      expect(error).toMatchObject({ httpStatus: 429, retryClass: 'throttled', retryAfterMs: 17_000 });
    }
    expect(client.breakers.state('customers')).toBe('closed');
  });

  it('classifies 500 900192 as transient', async () => {
    const client = sim.client();
    await sim.setFaults([{ path: '^/v1/customers/[^/]+/orders$', kind: '500', count: 1 }]);
    await expect(client.listOrders(customerId)).rejects.toMatchObject({ httpStatus: 500, code: '900192', retryClass: 'transient' });
    await expect(client.listOrders(customerId)).resolves.toEqual([]);
  });

  it('opens the breaker under 503s, fails fast without calling, half-opens after the reset timeout and closes on success', async () => {
    const client = sim.client({ config: sim.config({}, { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 400 }) });
    await sim.setFaults([{ method: 'GET', path: '^/v1/customers/[^/]+$', kind: '503', retryAfterSeconds: 2 }]);
    for (let i = 0; i < 3; i += 1) {
      await expect(client.getCustomer(customerId)).rejects.toMatchObject({ httpStatus: 503, retryClass: 'transient', retryAfterMs: 2_000 });
    }
    expect(client.breakers.state('customers')).toBe('open');

    const before = await totalRequests();
    const error = await client.getCustomer(customerId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BreakerOpenError);
    expect(error).toMatchObject({ retryClass: 'upstream_unavailable', code: 'BREAKER_OPEN' });
    expect((error as BreakerOpenError).retryAfterMs).toBeGreaterThan(0);
    expect((error as BreakerOpenError).retryAfterMs).toBeLessThanOrEqual(400);
    expect(await totalRequests()).toBe(before);
    // Other dependencies keep working.
    await expect(client.listProducts({ country: 'US', targetSegment: 'commercial' })).resolves.not.toHaveLength(0);

    await sim.clearFaults();
    await waitFor(() => client.breakers.state('customers') === 'half_open', { intervalMs: 20, what: 'the breaker to half-open' });
    await expect(client.getCustomer(customerId)).resolves.toMatchObject({ id: customerId });
    expect(client.breakers.state('customers')).toBe('closed');
  });

  describe('request budget shared through Redis', () => {
    let redisA: Redis;
    let redisB: Redis;
    const prefix = `test-pc-budget-${testConfig.runId()}-${randomBytes(4).toString('hex')}`;

    beforeAll(() => {
      redisA = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
      redisB = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    });
    afterAll(async () => {
      const keys = await redisA.keys(`${prefix}*`);
      if (keys.length > 0) await redisA.del(...keys);
      await Promise.all([redisA.quit(), redisB.quit()]);
    });

    it('throttles before sending once two clients used up the shared partner budget', async () => {
      const config = sim.config({ budgetPerPartnerPerMinute: 3, budgetPerCustomerPerMinute: 0, budgetMaxWaitMs: 0 });
      const first = sim.client({ config, redis: redisA, budgetKeyPrefix: prefix });
      const second = sim.client({ config, redis: redisB, budgetKeyPrefix: prefix });
      await first.getCustomer(customerId);
      await second.getCustomer(customerId);
      await first.getCustomer(customerId);
      const before = await totalRequests();
      const error = await second.getCustomer(customerId).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BudgetExhaustedError);
      expect(error).toMatchObject({ retryClass: 'throttled', code: 'BUDGET_EXHAUSTED' });
      expect((error as BudgetExhaustedError).retryAfterMs).toBeGreaterThan(0);
      expect(await totalRequests()).toBe(before);
    });

    it('limits one customer without blocking another', async () => {
      const other = (await sim.createTenant({ domain: uniqueDomain('res2') })).tenantId;
      const config = sim.config({ budgetPerPartnerPerMinute: 0, budgetPerCustomerPerMinute: 2, budgetMaxWaitMs: 0 });
      const client = sim.client({ config, redis: redisA, budgetKeyPrefix: `${prefix}-customer` });
      await client.getCustomer(customerId);
      await client.getCustomer(customerId);
      await expect(client.getCustomer(customerId)).rejects.toBeInstanceOf(BudgetExhaustedError);
      await expect(client.getCustomer(other)).resolves.toMatchObject({ id: other });
    });
  });
});
