/**
 * Partner Center throttling (partner-center-api.md §2.3): sliding one-minute windows per partner tenant
 * and per (partner, customer) pair, per resource group. Microsoft documents 500 requests per minute per
 * tenant identifier for customer, order and subscription resources and publishes no figure for carts,
 * checkout, agreements or Graph: the same default applies to every group (assumed), overridable per group.
 */
export const THROTTLE_GROUPS = ['customers', 'commerce', 'subscriptions', 'agreements', 'graph'] as const;
export type ThrottleGroup = (typeof THROTTLE_GROUPS)[number];

export interface ThrottleLimits {
  /** Requests per window for the partner tenant, per group; 0 = off. */
  partnerPerMinute: number;
  /** Requests per window for one (partner, customer) pair, per group; 0 = off. */
  customerPerMinute: number;
}

export interface ThrottleSettings extends ThrottleLimits {
  /** Per-group overrides of either limit. */
  groups: Partial<Record<ThrottleGroup, Partial<ThrottleLimits>>>;
  /** Window length (one minute; tests may shorten it: a simulator knob, not Microsoft's). */
  windowMs: number;
}

export interface ThrottleDecision {
  /** Seconds until a slot frees in the fullest window (Retry-After, at least 1). */
  retryAfterSeconds: number;
  scope: 'partner' | 'customer';
}

/** One sliding-window log: the arrival times of the requests it admitted, oldest first. */
class WindowLog {
  private times: number[] = [];
  private head = 0;

  count(now: number, windowMs: number): number {
    while (this.head < this.times.length && this.times[this.head] <= now - windowMs) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  /** When the entry that must leave for one more request to fit entered the window. */
  entryAt(index: number): number {
    return this.times[this.head + index];
  }

  add(now: number): void {
    this.times.push(now);
  }
}

export class ThrottleStore {
  private readonly logs = new Map<string, WindowLog>();
  settings: ThrottleSettings;

  constructor(private readonly defaults: ThrottleSettings) {
    this.settings = cloneSettings(defaults);
  }

  get enabled(): boolean {
    if (this.settings.partnerPerMinute > 0 || this.settings.customerPerMinute > 0) return true;
    return Object.values(this.settings.groups).some(
      (limits) => (limits?.partnerPerMinute ?? 0) > 0 || (limits?.customerPerMinute ?? 0) > 0,
    );
  }

  limitsOf(group: ThrottleGroup): ThrottleLimits {
    const override = this.settings.groups[group] ?? {};
    return {
      partnerPerMinute: override.partnerPerMinute ?? this.settings.partnerPerMinute,
      customerPerMinute: override.customerPerMinute ?? this.settings.customerPerMinute,
    };
  }

  /**
   * Admits the request (recording it in its windows) or returns the 429 decision. Refused requests are
   * not recorded: a client that waits Retry-After gets in (assumed; Microsoft does not say).
   */
  admit(group: ThrottleGroup, customerId: string | undefined, now: number): ThrottleDecision | undefined {
    const limits = this.limitsOf(group);
    const windowMs = this.settings.windowMs;
    const checks: { log: WindowLog; limit: number; scope: 'partner' | 'customer' }[] = [];
    if (limits.partnerPerMinute > 0) checks.push({ log: this.log(`${group}`), limit: limits.partnerPerMinute, scope: 'partner' });
    if (limits.customerPerMinute > 0 && customerId !== undefined)
      checks.push({ log: this.log(`${group}:${customerId}`), limit: limits.customerPerMinute, scope: 'customer' });
    let refusal: ThrottleDecision | undefined;
    for (const check of checks) {
      const count = check.log.count(now, windowMs);
      if (count < check.limit) continue;
      const freeInMs = check.log.entryAt(count - check.limit) + windowMs - now;
      const retryAfterSeconds = Math.max(1, Math.ceil(freeInMs / 1000));
      if (refusal === undefined || retryAfterSeconds > refusal.retryAfterSeconds) refusal = { retryAfterSeconds, scope: check.scope };
    }
    if (refusal !== undefined) return refusal;
    for (const check of checks) check.log.add(now);
    return undefined;
  }

  replace(settings: ThrottleSettings): void {
    this.settings = cloneSettings(settings);
    this.logs.clear();
  }

  reset(): void {
    this.replace(this.defaults);
  }

  private log(key: string): WindowLog {
    let log = this.logs.get(key);
    if (log === undefined) {
      log = new WindowLog();
      this.logs.set(key, log);
    }
    return log;
  }
}

function cloneSettings(settings: ThrottleSettings): ThrottleSettings {
  return { ...settings, groups: Object.fromEntries(Object.entries(settings.groups).map(([group, limits]) => [group, { ...limits }])) };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The resource group and customer of a Partner Center / Graph path; undefined = not throttled (token
 * endpoints, the control API, catalog reads: Microsoft's throttled-API list names no catalog route).
 */
export function throttleTargetOf(path: string): { group: ThrottleGroup; customerId?: string } | undefined {
  if (path.startsWith('/v1.0/')) return { group: 'graph' };
  if (!path.startsWith('/v1/')) return undefined;
  const segments = path.slice(4).split('/');
  const head = segments[0].toLowerCase();
  if (head === 'products' || head === 'productpromotions' || head === 'offers' || head === 'agreementtemplates') return undefined;
  if (head === 'agreements' || head === 'attestations') return { group: 'agreements' };
  if (head !== 'customers' || segments[1] === undefined || !GUID.test(segments[1])) return { group: 'customers' };
  const customerId = segments[1].toLowerCase();
  const resource = (segments[2] ?? '').toLowerCase();
  if (resource === 'carts' || resource === 'orders') return { group: 'commerce', customerId };
  if (resource === 'subscriptions') return { group: 'subscriptions', customerId };
  if (resource === 'agreements' || resource === 'directsignedmicrosoftcustomeragreementstatus') return { group: 'agreements', customerId };
  if (resource === 'products') return undefined;
  return { group: 'customers', customerId };
}
