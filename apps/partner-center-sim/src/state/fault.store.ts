/** `800060`: the handler commits, then the reply is 409 800060 "order in progress" (the outcome is unknown to the client). */
export type FaultKind = '429' | '500' | '503' | 'timeout' | 'latency' | '800060';
export const FAULT_KINDS: readonly FaultKind[] = ['429', '500', '503', 'timeout', 'latency', '800060'];

export interface FaultRule {
  method?: string;
  path: string;
  kind: FaultKind;
  probability?: number;
  count?: number;
  retryAfterSeconds?: number;
  latencyMs?: number;
}

interface ActiveRule {
  rule: FaultRule;
  method?: string;
  pattern: RegExp;
  /** Remaining applications; undefined = unlimited. */
  remaining?: number;
}

/** Fault rules from `PUT /_sim/faults`; the first matching rule (in array order) applies. */
export class FaultStore {
  private active: ActiveRule[] = [];

  replace(rules: FaultRule[]): void {
    this.active = rules.map((rule) => ({
      rule,
      method: rule.method?.toUpperCase(),
      pattern: new RegExp(rule.path),
      remaining: rule.count,
    }));
  }

  clear(): void {
    this.active = [];
  }

  get isEmpty(): boolean {
    return this.active.length === 0;
  }

  list(): (FaultRule & { remaining?: number })[] {
    return this.active.map((entry) => ({ ...entry.rule, remaining: entry.remaining }));
  }

  /** Picks the rule for a request and consumes one of its `count`; undefined = no fault. */
  match(method: string, path: string, random: () => number = Math.random): FaultRule | undefined {
    for (const entry of this.active) {
      if (entry.method !== undefined && entry.method !== method) continue;
      if (entry.remaining !== undefined && entry.remaining <= 0) continue;
      if (!entry.pattern.test(path)) continue;
      if (entry.rule.probability !== undefined && random() >= entry.rule.probability) continue;
      if (entry.remaining !== undefined) entry.remaining -= 1;
      return entry.rule;
    }
    return undefined;
  }
}
