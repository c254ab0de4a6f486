import { type SqlExecutor, fromSqlTime, toSqlTime } from '@nce/persistence';
import type { ApiKeyRepository, StoredApiKey } from '../application/accounts.ports';
import type { Role } from '@nce/contracts';

interface ApiKeyRow {
  id: string;
  role: Role;
  partner_id: string | null;
  customer_id: string | null;
  revoked_at: Date | null;
}

export class SqlApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly db: SqlExecutor) {}

  async insert(key: { id: string; hash: string; prefix: string; role: Role; partnerId: string | null; customerId: string | null; label: string | null; createdAt: Date }): Promise<void> {
    await this.db.query('INSERT INTO api_keys (id, key_hash, key_prefix, role, partner_id, customer_id, label, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      key.id,
      key.hash,
      key.prefix,
      key.role,
      key.partnerId,
      key.customerId,
      key.label,
      toSqlTime(key.createdAt),
    ]);
  }

  async findByHash(hash: string): Promise<StoredApiKey | null> {
    const rows = await this.db.query<ApiKeyRow[]>('SELECT id, role, partner_id, customer_id, revoked_at FROM api_keys WHERE key_hash = ?', [hash]);
    const row = rows[0];
    if (!row) return null;
    return { id: row.id, role: row.role, partnerId: row.partner_id, customerId: row.customer_id, revokedAt: row.revoked_at ? fromSqlTime(row.revoked_at) : null };
  }
}
