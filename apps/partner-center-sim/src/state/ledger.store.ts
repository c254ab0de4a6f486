export interface LedgerRequest {
  seq: number;
  method: string;
  path: string;
  status: number;
  requestId: string;
  correlationId: string;
  at: string;
  /** Fault kind applied to this request, if any. */
  fault?: string;
  /** The credential type of the bearer token the request carried (absent: none, e.g. token requests). */
  auth?: 'app' | 'app+user';
}

export interface LedgerCheckout {
  customerId: string;
  cartId: string;
  requestId: string;
  correlationId: string;
  at: string;
}

export interface LedgerSubscriptionChange {
  customerId: string;
  subscriptionId: string;
  requestId: string;
  correlationId: string;
  /** The fields the PATCH changed (quantity, autoRenewEnabled, status). */
  changed: Record<string, unknown>;
  at: string;
}

/**
 * What the simulator saw: every Partner Center / Graph / token request (bounded ring buffer) and every
 * committed checkout. `duplicateCheckouts` is the number the benchmarks assert to be zero: committed
 * checkouts beyond the first per MS-CorrelationId (our order id).
 */
export class LedgerStore {
  private ring: (LedgerRequest | undefined)[];
  private nextSeq = 1;
  readonly checkouts: LedgerCheckout[] = [];
  private readonly checkoutsPerCorrelation = new Map<string, number>();
  duplicateCheckouts = 0;
  /** Subscription PATCHes applied (replays by MS-RequestId are not applied, so not listed). */
  readonly subscriptionChanges: LedgerSubscriptionChange[] = [];
  private readonly subscriptionChangesPerCorrelation = new Map<string, number>();
  /**
   * PATCHes applied on a subscription under an MS-CorrelationId (the engine's change id) that already had
   * one applied there: the same change sent again under a new MS-RequestId. Must stay 0.
   */
  duplicateSubscriptionChanges = 0;
  /** 429s sent (built-in throttling and injected faults). */
  throttled = 0;

  constructor(private readonly limit: number) {
    this.ring = new Array<LedgerRequest | undefined>(limit);
  }

  recordRequest(entry: Omit<LedgerRequest, 'seq'>): void {
    const seq = this.nextSeq++;
    if (entry.status === 429) this.throttled += 1;
    this.ring[seq % this.limit] = { seq, ...entry };
  }

  recordCheckout(checkout: LedgerCheckout): void {
    this.checkouts.push(checkout);
    const seen = this.checkoutsPerCorrelation.get(checkout.correlationId) ?? 0;
    if (seen > 0) this.duplicateCheckouts += 1;
    this.checkoutsPerCorrelation.set(checkout.correlationId, seen + 1);
  }

  /** `correlated` false: the caller sent no MS-CorrelationId, so no change identity to compare. */
  recordSubscriptionChange(change: LedgerSubscriptionChange, correlated: boolean): void {
    this.subscriptionChanges.push(change);
    if (!correlated) return;
    const key = `${change.subscriptionId}|${change.correlationId}`;
    const seen = this.subscriptionChangesPerCorrelation.get(key) ?? 0;
    if (seen > 0) this.duplicateSubscriptionChanges += 1;
    this.subscriptionChangesPerCorrelation.set(key, seen + 1);
  }

  get totalRequests(): number {
    return this.nextSeq - 1;
  }

  /** Requests with seq > since, oldest first, at most `limit` of them. */
  requests(since = 0, limit = this.limit): LedgerRequest[] {
    const first = Math.max(since + 1, this.nextSeq - this.limit, 1);
    const result: LedgerRequest[] = [];
    for (let seq = first; seq < this.nextSeq && result.length < limit; seq += 1) {
      const entry = this.ring[seq % this.limit];
      if (entry !== undefined && entry.seq === seq) result.push(entry);
    }
    return result;
  }

  summary(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const entry of this.requests()) {
      const key = `${entry.method} ${entry.status}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  clear(): void {
    this.ring = new Array<LedgerRequest | undefined>(this.limit);
    this.nextSeq = 1;
    this.checkouts.length = 0;
    this.checkoutsPerCorrelation.clear();
    this.duplicateCheckouts = 0;
    this.subscriptionChanges.length = 0;
    this.subscriptionChangesPerCorrelation.clear();
    this.duplicateSubscriptionChanges = 0;
    this.throttled = 0;
  }
}
