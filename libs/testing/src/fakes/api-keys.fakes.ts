import type { ApiKeyRepository, NewApiKey, StoredApiKey } from '@nce/accounts';

/** API keys by hash, as the SQL repository indexes them; `failTouch` makes last-use writes fail. */
export class InMemoryApiKeyRepository implements ApiKeyRepository {
  readonly rows = new Map<string, StoredApiKey & { hash: string }>();
  readonly touches: Array<{ id: string; at: Date }> = [];
  lookups = 0;
  failTouch: Error | null = null;

  async insert(key: NewApiKey): Promise<void> {
    this.rows.set(key.id, {
      id: key.id,
      hash: key.hash,
      prefix: key.prefix,
      role: key.role,
      partnerId: key.partnerId,
      customerId: key.customerId,
      label: key.label,
      scopes: [...(key.scopes ?? [])],
      createdAt: key.createdAt,
      createdBy: key.createdBy,
      lastUsedAt: null,
      expiresAt: key.expiresAt ?? null,
      revokedAt: null,
    });
  }

  async findByHash(hash: string): Promise<StoredApiKey | null> {
    this.lookups += 1;
    for (const row of this.rows.values()) if (row.hash === hash) return row;
    return null;
  }

  async findById(id: string): Promise<StoredApiKey | null> {
    return this.rows.get(id) ?? null;
  }

  async list(filter: { partnerId: string | null; limit: number }): Promise<StoredApiKey[]> {
    return [...this.rows.values()]
      .filter((row) => filter.partnerId === null || (row.partnerId === filter.partnerId && row.role !== 'operator'))
      .slice(0, filter.limit);
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const row = this.rows.get(id);
    if (!row || row.revokedAt) return false;
    row.revokedAt = at;
    return true;
  }

  async markRotated(id: string, _successorId: string, expiresAt: Date): Promise<void> {
    const row = this.rows.get(id);
    if (row) row.expiresAt = row.expiresAt && row.expiresAt < expiresAt ? row.expiresAt : expiresAt;
  }

  async touchLastUsed(id: string, at: Date): Promise<void> {
    this.touches.push({ id, at });
    if (this.failTouch) throw this.failTouch;
    const row = this.rows.get(id);
    if (row) row.lastUsedAt = at;
  }
}
