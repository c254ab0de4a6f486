import { hashApiKey } from '../domain/api-key';
import type { Principal } from '@nce/contracts';
import type { ApiKeyRepository } from './accounts.ports';

const CACHE_TTL_MS = 30_000;
const CACHE_LIMIT = 50_000;

/**
 * Resolves a bearer key to a principal. Lookups are cached for 30 s: a revoked key stops working
 * within that window, and the intake hot path avoids one query per request.
 */
export class AuthenticateApiKey {
  private readonly cache = new Map<string, { principal: Principal | null; expiresAt: number }>();

  constructor(private readonly keys: ApiKeyRepository, private readonly clock: () => number = Date.now) {}

  async execute(apiKey: string): Promise<Principal | null> {
    if (apiKey.length < 16 || apiKey.length > 200) return null;
    const hash = hashApiKey(apiKey);
    const cached = this.cache.get(hash);
    if (cached && cached.expiresAt > this.clock()) return cached.principal;
    const stored = await this.keys.findByHash(hash);
    const principal: Principal | null =
      stored && stored.revokedAt === null ? { apiKeyId: stored.id, role: stored.role, partnerId: stored.partnerId, customerId: stored.customerId } : null;
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(hash, { principal, expiresAt: this.clock() + CACHE_TTL_MS });
    return principal;
  }
}
