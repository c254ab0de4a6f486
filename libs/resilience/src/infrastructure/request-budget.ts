import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { BudgetExhaustedError } from '../domain/resilience.errors';

/**
 * Sliding-window log in one Lua script, so that check-and-take is atomic across every process that
 * shares the Redis. The time comes from Redis (TIME), not from the callers' clocks, which may drift.
 * KEYS: the partner log, then optionally the (partner, customer) log.
 * ARGV: windowMs, member, then one limit per key (0 = unlimited).
 * Returns {1, 0} when a slot was taken in every log, or {0, waitMs} with the time until a slot frees.
 */
const SLIDING_WINDOW_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local wait = 0
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[2 + i])
  if limit > 0 then
    redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
    local count = redis.call('ZCARD', key)
    if count >= limit then
      local entry = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
      local free = tonumber(entry[2]) + window - now
      if free > wait then wait = free end
    end
  end
end
if wait > 0 then return {0, wait} end
for i, key in ipairs(KEYS) do
  if tonumber(ARGV[2 + i]) > 0 then
    redis.call('ZADD', key, now, ARGV[2])
    redis.call('PEXPIRE', key, window)
  end
end
return {1, 0}
`;

export interface BudgetLimits {
  /** Requests per window for the whole partner tenant; 0 = unlimited. */
  perPartner: number;
  /** Requests per window for one (partner, customer) pair; 0 = unlimited. */
  perCustomer: number;
}

export interface BudgetScope {
  partnerId: string;
  customerId?: string;
}

export interface RequestBudgetOptions {
  redis: Redis;
  keyPrefix: string;
  limits: BudgetLimits;
  /** Longest `acquire` waits for room before throwing a throttled error. */
  maxWaitMs: number;
  /** Window length; one minute in production, shorter in tests. */
  windowMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Request budgets shared by every process through Redis: a request is sent only once a slot is taken. */
export class RequestBudget {
  private readonly windowMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: RequestBudgetOptions) {
    this.windowMs = options.windowMs ?? 60_000;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.options.limits.perPartner > 0 || this.options.limits.perCustomer > 0;
  }

  /** Takes one slot in every applicable window, waiting up to `maxWaitMs`; otherwise throws BudgetExhaustedError. */
  async acquire(scope: BudgetScope): Promise<void> {
    const { keys, limits } = this.keysFor(scope);
    if (keys.length === 0) return;
    const started = this.now();
    const member = randomUUID();
    for (;;) {
      const waitMs = await this.tryTake(keys, limits, member);
      if (waitMs === 0) return;
      const waited = this.now() - started;
      if (waited + waitMs > this.options.maxWaitMs) {
        throw new BudgetExhaustedError(describe(scope), waitMs);
      }
      await this.sleep(waitMs);
    }
  }

  private keysFor(scope: BudgetScope): { keys: string[]; limits: number[] } {
    const { perPartner, perCustomer } = this.options.limits;
    // The hash tag keeps both logs of one partner in one cluster slot (the script touches both).
    const base = `${this.options.keyPrefix}:budget:{${scope.partnerId}}`;
    const keys: string[] = [];
    const limits: number[] = [];
    if (perPartner > 0) {
      keys.push(`${base}:partner`);
      limits.push(perPartner);
    }
    if (perCustomer > 0 && scope.customerId !== undefined) {
      keys.push(`${base}:customer:${scope.customerId}`);
      limits.push(perCustomer);
    }
    return { keys, limits };
  }

  private async tryTake(keys: string[], limits: number[], member: string): Promise<number> {
    const reply = (await this.options.redis.eval(
      SLIDING_WINDOW_SCRIPT,
      keys.length,
      ...keys,
      String(this.windowMs),
      member,
      ...limits.map(String),
    )) as [number, number];
    return reply[0] === 1 ? 0 : Math.max(1, Number(reply[1]));
  }
}

function describe(scope: BudgetScope): string {
  return scope.customerId === undefined ? `partner ${scope.partnerId}` : `partner ${scope.partnerId} / customer ${scope.customerId}`;
}
