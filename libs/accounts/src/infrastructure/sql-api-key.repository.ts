import { type SqlExecutor, fromSqlTime, toSqlTime } from '@nce/persistence';
import type { Role } from '@nce/contracts';
import type { ApiKeyRepository, NewApiKey, StoredApiKey } from '../application/accounts.ports';

interface ApiKeyRow {
  id: string;
  key_prefix: string;
  role: Role;
  partner_id: string | null;
  customer_id: string | null;
  label: string | null;
  scopes: string;
  created_at: Date;
  created_by: string;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS =
  'id, key_prefix, role, partner_id, customer_id, label, scopes, created_at, created_by, last_used_at, expires_at, revoked_at';
const time = (value: Date | null): Date | null => (value ? fromSqlTime(value) : null);

function toKey(row: ApiKeyRow): StoredApiKey {
  return {
    id: row.id,
    prefix: row.key_prefix,
    role: row.role,
    partnerId: row.partner_id,
    customerId: row.customer_id,
    label: row.label,
    scopes: row.scopes === '' ? [] : row.scopes.split(' '),
    createdAt: fromSqlTime(row.created_at),
    createdBy: row.created_by,
    lastUsedAt: time(row.last_used_at),
    expiresAt: time(row.expires_at),
    revokedAt: time(row.revoked_at),
  };
}

export class SqlApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly db: SqlExecutor) {}

  async insert(key: NewApiKey): Promise<void> {
    await this.db.query(
      'INSERT INTO api_keys (id, key_hash, key_prefix, role, partner_id, customer_id, label, scopes, created_at, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        key.id,
        key.hash,
        key.prefix,
        key.role,
        key.partnerId,
        key.customerId,
        key.label,
        (key.scopes ?? []).join(' '),
        toSqlTime(key.createdAt),
        key.createdBy,
        key.expiresAt ? toSqlTime(key.expiresAt) : null,
      ],
    );
  }

  async findByHash(hash: string): Promise<StoredApiKey | null> {
    const rows = await this.db.query<ApiKeyRow[]>(`SELECT ${COLUMNS} FROM api_keys WHERE key_hash = ?`, [hash]);
    return rows[0] ? toKey(rows[0]) : null;
  }

  async findById(id: string): Promise<StoredApiKey | null> {
    const rows = await this.db.query<ApiKeyRow[]>(`SELECT ${COLUMNS} FROM api_keys WHERE id = ?`, [id]);
    return rows[0] ? toKey(rows[0]) : null;
  }

  async list(filter: { partnerId: string | null; limit: number; before?: { createdAt: Date; id: string } }): Promise<StoredApiKey[]> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    if (filter.partnerId !== null) {
      conditions.push("partner_id = ? AND role <> 'operator'");
      parameters.push(filter.partnerId);
    }
    if (filter.before) {
      conditions.push('(created_at < ? OR (created_at = ? AND id < ?))');
      parameters.push(toSqlTime(filter.before.createdAt), toSqlTime(filter.before.createdAt), filter.before.id);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.db.query<ApiKeyRow[]>(`SELECT ${COLUMNS} FROM api_keys ${where} ORDER BY created_at DESC, id DESC LIMIT ?`, [
      ...parameters,
      filter.limit,
    ]);
    return rows.map(toKey);
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const result = await this.db.query<{ affectedRows: number }>('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [
      toSqlTime(at),
      id,
    ]);
    return result.affectedRows === 1;
  }

  async markRotated(id: string, successorId: string, expiresAt: Date): Promise<void> {
    await this.db.query('UPDATE api_keys SET rotated_to = ?, expires_at = LEAST(COALESCE(expires_at, ?), ?) WHERE id = ?', [
      successorId,
      toSqlTime(expiresAt),
      toSqlTime(expiresAt),
      id,
    ]);
  }

  async touchLastUsed(id: string, at: Date): Promise<void> {
    await this.db.query('UPDATE api_keys SET last_used_at = ? WHERE id = ?', [toSqlTime(at), id]);
  }
}
