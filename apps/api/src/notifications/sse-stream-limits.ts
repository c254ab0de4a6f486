/**
 * Open event streams per API key in this process. A stream holds a socket and a hub subscription
 * for as long as the client wants: a key may not hold more than `maxPerKey` (one more is 429), and
 * each ends after `maxLifetimeMs` (the client reconnects with Last-Event-ID, losing nothing).
 */
export class SseStreamLimits {
  private readonly open = new Map<string, number>();

  constructor(
    private readonly maxPerKey: { customer: number; other: number },
    readonly maxLifetimeMs: number,
  ) {}

  limitFor(role: string): number {
    return role === 'customer' ? this.maxPerKey.customer : this.maxPerKey.other;
  }

  /** Takes a slot for the key, or returns null when it holds the maximum; call the release once. */
  acquire(keyId: string, role: string): (() => void) | null {
    const count = this.open.get(keyId) ?? 0;
    if (count >= this.limitFor(role)) return null;
    this.open.set(keyId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(keyId) ?? 1) - 1;
      if (left <= 0) this.open.delete(keyId);
      else this.open.set(keyId, left);
    };
  }
}
