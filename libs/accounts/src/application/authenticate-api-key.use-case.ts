import { hashApiKey, isKeyActive } from '../domain/api-key.model';
import type { Principal } from '@nce/contracts';
import type { ApiKeyRepository } from './accounts.ports';

// last_used_at is informational (the key list): one write per key per minute per process is enough.
const LAST_USED_RESOLUTION_MS = 60_000;
const LAST_USED_TRACKED_KEYS = 10_000;

/**
 * Resolves a bearer key to a principal by reading its row (one indexed lookup) on every request:
 * a revocation or expiry takes effect on the next request in every process, with no cache window.
 * Nothing is cached per key, so a flood of invalid keys cannot evict valid principals either.
 */
export class AuthenticateApiKey {
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly clock: () => number = Date.now,
    private readonly onTouchFailure: (error: unknown) => void = () => undefined,
  ) {}

  async execute(apiKey: string): Promise<Principal | null> {
    if (apiKey.length < 16 || apiKey.length > 200) return null;
    const stored = await this.keys.findByHash(hashApiKey(apiKey));
    const now = this.clock();
    if (!stored || !isKeyActive(stored, new Date(now))) return null;
    this.touch(stored.id, now);
    return { apiKeyId: stored.id, role: stored.role, partnerId: stored.partnerId, customerId: stored.customerId, scopes: stored.scopes };
  }

  private touch(id: string, now: number): void {
    const written = this.lastUsedWritten.get(id);
    if (written !== undefined && now - written < LAST_USED_RESOLUTION_MS) return;
    // Only valid keys enter this map; when full, the oldest entries go (Map keeps insertion order).
    if (written === undefined && this.lastUsedWritten.size >= LAST_USED_TRACKED_KEYS) {
      const oldest = this.lastUsedWritten.keys().next().value;
      if (oldest !== undefined) this.lastUsedWritten.delete(oldest);
    }
    this.lastUsedWritten.delete(id);
    this.lastUsedWritten.set(id, now);
    this.keys.touchLastUsed(id, new Date(now)).catch(this.onTouchFailure);
  }
}
