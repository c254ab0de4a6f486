import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { BudgetExhaustedError } from '../domain/resilience.errors';
import { type LaneState, type ThrottleLane, currentLane, laneStore } from './throttle-lane';

/**
 * The adaptive throttle, one Lua script per decision so that check-and-take is atomic across every
 * process sharing the Redis; the time is Redis's (TIME), not the callers' clocks.
 *
 * Per scope (partner, or (partner, customer)) and resource group it keeps a sliding-window log, a pause
 * (set by a 429 for its Retry-After) and a rate factor (cut by a 429, recovering linearly to 1 over
 * `recoveryMs`). Lanes: `interactive` takes any free slot; `bulk` yields while an interactive caller
 * waits; `recheck` (parked orders) yields to both and never takes more than `recheckShare` of the limit.
 *
 * KEYS: partner log, partner state, interactive demand, bulk demand, recheck log, [customer log, customer state]
 * ARGV: windowMs, member, lane, partnerLimit, customerLimit, recoveryMs, recheckShare, demandTtlMs, interactiveReserve
 * Returns {1, 0} when a slot was taken, or {0, waitMs} ({0, waitMs, refusedRechecks} for a re-check).
 */
const ACQUIRE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local lane = ARGV[3]
local recovery = tonumber(ARGV[6])
local wait = 0
local function effective(stateKey, limit)
  local state = redis.call('HMGET', stateKey, 'pausedUntil', 'rate', 'cutAt')
  local paused = tonumber(state[1] or '0') or 0
  if paused > now and paused - now > wait then wait = paused - now end
  local rate = tonumber(state[2] or '1') or 1
  if rate < 1 then
    local since = now - (tonumber(state[3] or '0') or 0)
    rate = rate + (1 - rate) * math.min(1, since / recovery)
  end
  return math.max(1, math.floor(limit * rate))
end
local function full(logKey, limit, span)
  span = span or window
  redis.call('ZREMRANGEBYSCORE', logKey, '-inf', now - span)
  local count = redis.call('ZCARD', logKey)
  if count >= limit then
    local entry = redis.call('ZRANGE', logKey, count - limit, count - limit, 'WITHSCORES')
    local free = tonumber(entry[2]) + span - now
    if free > wait then wait = free end
  end
end
local smoothKey = KEYS[1] .. ':smooth'
local smoothSpan = math.floor(window / 6)
local logs = {}
local partnerLimit = tonumber(ARGV[4])
if partnerLimit > 0 then
  local usable = effective(KEYS[2], partnerLimit)
  -- Bulk and re-checks leave a reserve of the partner window free, so an interactive call finds a slot at once.
  if lane ~= 'interactive' then usable = math.max(1, usable - math.floor(partnerLimit * tonumber(ARGV[9]))) end
  full(KEYS[1], usable)
  -- Bulk and re-checks are also paced over sixths of the window: no burst that fills the whole window at
  -- once and leaves interactive calls waiting for it to slide (slots keep freeing at a steady rate).
  if lane ~= 'interactive' then full(smoothKey, math.max(1, math.ceil(usable / 6)), smoothSpan) end
  table.insert(logs, KEYS[1])
end
local customerLimit = tonumber(ARGV[5])
if customerLimit > 0 and KEYS[6] then
  full(KEYS[6], effective(KEYS[7], customerLimit))
  table.insert(logs, KEYS[6])
end
if (lane == 'bulk' or lane == 'recheck-admitted') and redis.call('EXISTS', KEYS[3]) == 1 and wait < 50 then wait = 50 end
if lane == 'recheck' then
  if (redis.call('EXISTS', KEYS[3]) == 1 or redis.call('EXISTS', KEYS[4]) == 1) and wait < 100 then wait = 100 end
  if partnerLimit > 0 then full(KEYS[5], math.max(1, math.floor(partnerLimit * tonumber(ARGV[7])))) end
end
if wait > 0 then
  if lane == 'recheck' then
    -- Refused re-checks in this window: the caller spreads its next try over that many windows' worth of capacity.
    local refusedKey = KEYS[5] .. ':refused'
    local refused = redis.call('INCR', refusedKey)
    if refused == 1 then redis.call('PEXPIRE', refusedKey, window) end
    return {0, wait, refused}
  end
  if lane == 'interactive' then redis.call('SET', KEYS[3], '1', 'PX', math.min(wait, 5000) + tonumber(ARGV[8])) end
  if lane == 'bulk' then redis.call('SET', KEYS[4], '1', 'PX', math.min(wait, 5000) + tonumber(ARGV[8])) end
  return {0, wait}
end
if (lane == 'recheck' or lane == 'recheck-admitted') and partnerLimit > 0 then table.insert(logs, KEYS[5]) end
for _, key in ipairs(logs) do
  redis.call('ZADD', key, now, ARGV[2])
  redis.call('PEXPIRE', key, window)
end
if partnerLimit > 0 then
  redis.call('ZADD', smoothKey, now, ARGV[2])
  redis.call('PEXPIRE', smoothKey, smoothSpan)
end
return {1, 0}
`;

/**
 * A 429 arrived: pause the scope for Retry-After (+ jitter) and cut its rate; at most one cut per
 * second, so that a burst of 429s from calls already in flight counts as one signal.
 * KEYS: the scope's state ARGV: pauseMs, cutFactor, minRate, recoveryMs
 */
const PENALIZE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'pausedUntil', 'rate', 'cutAt')
local paused = tonumber(state[1] or '0') or 0
local until_ = now + tonumber(ARGV[1])
if until_ > paused then redis.call('HSET', KEYS[1], 'pausedUntil', until_) end
local cutAt = tonumber(state[3] or '0') or 0
if now - cutAt >= 1000 then
  local rate = tonumber(state[2] or '1') or 1
  local recovery = tonumber(ARGV[4])
  if rate < 1 then rate = rate + (1 - rate) * math.min(1, (now - cutAt) / recovery) end
  redis.call('HSET', KEYS[1], 'rate', math.max(tonumber(ARGV[3]), rate * tonumber(ARGV[2])), 'cutAt', now)
end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]) + tonumber(ARGV[1]))
return 1
`;

export interface BudgetLimits {
  /** Requests per window for the whole partner tenant (per resource group); 0 = unlimited. */
  perPartner: number;
  /** Requests per window for one (partner, customer) pair (per resource group); 0 = unlimited. */
  perCustomer: number;
}

export interface BudgetScope {
  partnerId: string;
  customerId?: string;
  /** Resource group (Partner Center throttles each separately); one shared group when absent. */
  group?: string;
  /** Priority lane; the caller's async context (`runInLane`) when absent, else interactive. */
  lane?: ThrottleLane;
}

export interface RequestBudgetOptions {
  redis: Redis;
  keyPrefix: string;
  limits: BudgetLimits;
  /** Per-group overrides of the limits. */
  groupLimits?: Record<string, Partial<BudgetLimits>>;
  /** Longest `acquire` waits for room before throwing a throttled error. */
  maxWaitMs: number;
  /** Window length; one minute in production, shorter in tests. */
  windowMs?: number;
  /**
   * Added to our window: a call counts against our limit a little longer than against Microsoft's, so the
   * time between taking a slot and the request arriving never puts two calls in Microsoft's window where
   * ours had one.
   */
  windowGuardMs?: number;
  /** Longest a bulk call waits inside a job: then the job steps aside (delayed), freeing its worker slot. */
  bulkMaxWaitMs?: number;
  /** How long a cut rate takes to climb back to the full limit (probing back up). */
  recoveryMs?: number;
  /** Share of the partner limit parked-order re-checks may use at most. */
  recheckShare?: number;
  /** Share of the partner window bulk calls and re-checks leave to interactive ones (default 3 %). */
  interactiveReserve?: number;
  /** Multiplier applied to the rate on a 429. */
  cutFactor?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const DEMAND_TTL_MS = 1_000;
const DEFAULT_INTERACTIVE_RESERVE = 0.03;
const DEFAULT_BULK_MAX_WAIT_MS = 2_000;
const MIN_RATE = 0.2;

/** Up to 10 % (at most 250 ms) added to every wait, so that waiters do not all return at the same moment. */
export function withJitter(ms: number, random: () => number = Math.random): number {
  return Math.round(ms + random() * Math.min(250, ms * 0.1));
}

/**
 * The adaptive, shared throttle in front of every Partner Center and Graph call: a request is sent
 * only once a slot is taken in every applicable window of its resource group.
 */
export class RequestBudget {
  private readonly windowMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly options: RequestBudgetOptions) {
    this.windowMs = (options.windowMs ?? 60_000) + (options.windowGuardMs ?? 0);
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  get enabled(): boolean {
    const all = [this.options.limits, ...Object.values(this.options.groupLimits ?? {})];
    return all.some((limits) => (limits.perPartner ?? 0) > 0 || (limits.perCustomer ?? 0) > 0);
  }

  limitsOf(group: string | undefined): BudgetLimits {
    const override = group === undefined ? undefined : this.options.groupLimits?.[group];
    return {
      perPartner: override?.perPartner ?? this.options.limits.perPartner,
      perCustomer: override?.perCustomer ?? this.options.limits.perCustomer,
    };
  }

  /** Takes one slot in every applicable window, waiting up to `maxWaitMs`; otherwise throws BudgetExhaustedError. */
  async acquire(scope: BudgetScope): Promise<void> {
    const limits = this.limitsOf(scope.group);
    if (limits.perPartner <= 0 && (limits.perCustomer <= 0 || scope.customerId === undefined)) return;
    const store = scope.lane === undefined ? laneStore() : undefined;
    if (store?.lane === 'recheck') {
      // A re-check is admitted once, by its first call; calls made concurrently with it (Promise.all)
      // wait for that admission instead of each needing a re-check slot (one of them would be refused
      // and the re-check would start over forever).
      if (store.admission === undefined) {
        store.admission = this.take(scope, limits, 'recheck').then(() => {
          store.lane = 'recheck-admitted';
        });
        return store.admission;
      }
      await store.admission;
    }
    return this.take(scope, limits, scope.lane ?? currentLane());
  }

  private async take(scope: BudgetScope, limits: BudgetLimits, lane: LaneState): Promise<void> {
    const keys = this.keysFor(scope);
    const started = this.now();
    const member = randomUUID();
    for (;;) {
      const { waitMs, refused } = await this.tryTake(keys, lane, limits, member);
      if (waitMs === 0) return;
      if (lane === 'recheck') {
        // Re-checks never hold a worker slot while they wait. They come back spread over as many windows as
        // the refused re-checks need at the re-check share: 10,000 parked orders then cost a few refusals per
        // window, not 10,000 (each bounce is a job run).
        const share = Math.max(1, Math.floor(limits.perPartner * (this.options.recheckShare ?? 0.1)));
        const windows = Math.max(1, refused / share);
        throw new BudgetExhaustedError(describe(scope), waitMs + Math.round(this.random() * this.windowMs * windows), lane);
      }
      const waited = this.now() - started;
      if (
        (lane === 'bulk' || lane === 'recheck-admitted') &&
        waited + waitMs > Math.min(this.options.maxWaitMs, this.options.bulkMaxWaitMs ?? DEFAULT_BULK_MAX_WAIT_MS)
      ) {
        // Bulk jobs do not hold worker slots through a backlog (interactive jobs need them): they come
        // back spread over one window, behind interactive jobs (BullMQ priority).
        throw new BudgetExhaustedError(
          describe(scope),
          waitMs + Math.round(this.random() * this.windowMs),
          lane === 'bulk' ? lane : 'recheck',
        );
      }
      if (waited + waitMs > this.options.maxWaitMs) {
        throw new BudgetExhaustedError(describe(scope), withJitter(waitMs, this.random), lane);
      }
      await this.sleep(withJitter(waitMs, this.random));
    }
  }

  /**
   * A 429 for this scope: pause it for `retryAfterMs` (with jitter) and cut its rate. A call made for
   * a customer pauses that (partner, customer) pair and cuts the partner rate without pausing it, as
   * the 429 does not say which of the two windows was full.
   */
  async penalize(scope: BudgetScope, retryAfterMs: number): Promise<void> {
    const keys = this.keysFor(scope);
    const pauseMs = withJitter(Math.max(1, retryAfterMs), this.random);
    const recoveryMs = this.options.recoveryMs ?? this.windowMs;
    const cut = String(this.options.cutFactor ?? 0.7);
    const narrowest = keys.length > 5 ? keys[6] : keys[1];
    await this.options.redis.eval(PENALIZE_SCRIPT, 1, narrowest, String(pauseMs), cut, String(MIN_RATE), String(recoveryMs));
    if (narrowest !== keys[1]) await this.options.redis.eval(PENALIZE_SCRIPT, 1, keys[1], '0', cut, String(MIN_RATE), String(recoveryMs));
  }

  private keysFor(scope: BudgetScope): string[] {
    // The hash tag keeps every key of one partner in one cluster slot (the scripts touch several).
    const base = `${this.options.keyPrefix}:budget:{${scope.partnerId}}:${scope.group ?? 'all'}`;
    const keys = [`${base}:partner`, `${base}:partner:state`, `${base}:demand:interactive`, `${base}:demand:bulk`, `${base}:recheck`];
    if (scope.customerId !== undefined) keys.push(`${base}:customer:${scope.customerId}`, `${base}:customer:${scope.customerId}:state`);
    return keys;
  }

  private async tryTake(
    keys: string[],
    lane: LaneState,
    limits: BudgetLimits,
    member: string,
  ): Promise<{ waitMs: number; refused: number }> {
    const reply = (await this.options.redis.eval(
      ACQUIRE_SCRIPT,
      keys.length,
      ...keys,
      String(this.windowMs),
      member,
      lane,
      String(limits.perPartner),
      String(keys.length > 5 ? limits.perCustomer : 0),
      String(this.options.recoveryMs ?? this.windowMs),
      String(this.options.recheckShare ?? 0.1),
      String(DEMAND_TTL_MS),
      String(this.options.interactiveReserve ?? DEFAULT_INTERACTIVE_RESERVE),
    )) as [number, number, number?];
    return reply[0] === 1 ? { waitMs: 0, refused: 0 } : { waitMs: Math.max(1, Number(reply[1])), refused: Number(reply[2] ?? 0) };
  }
}

function describe(scope: BudgetScope): string {
  const group = scope.group === undefined ? '' : ` (${scope.group})`;
  return scope.customerId === undefined
    ? `partner ${scope.partnerId}${group}`
    : `partner ${scope.partnerId} / customer ${scope.customerId}${group}`;
}
