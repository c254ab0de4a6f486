import { type ResultHeader, type SqlExecutor, fromSqlTime, toSqlTime } from '@nce/persistence';
import type { WebhookEndpointRepository } from '../application/notifications.ports';
import type { DisabledReason, EndpointHealth, WebhookEndpoint } from '../domain/webhook-endpoint.model';

interface EndpointRow {
  id: string;
  partner_id: string;
  url: string;
  event_types: string | string[];
  description: string | null;
  enabled: number;
  disabled_reason: DisabledReason | null;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Date | string | null;
  consecutive_failures: number;
  failing_since: Date | string | null;
  breaker_open_until: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const optionalTime = (value: Date | string | null): Date | null => (value === null ? null : fromSqlTime(value));
const sqlTime = (value: Date | null): string | null => (value === null ? null : toSqlTime(value));

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    partnerId: row.partner_id,
    url: row.url,
    // MariaDB returns JSON columns as text, MySQL 8 as parsed values.
    eventTypes: typeof row.event_types === 'string' ? (JSON.parse(row.event_types) as string[]) : row.event_types,
    description: row.description,
    enabled: Number(row.enabled) === 1,
    disabledReason: row.disabled_reason,
    secretSealed: row.secret_sealed,
    previousSecretSealed: row.previous_secret_sealed,
    previousSecretExpiresAt: optionalTime(row.previous_secret_expires_at),
    health: {
      consecutiveFailures: row.consecutive_failures,
      failingSince: optionalTime(row.failing_since),
      breakerOpenUntil: optionalTime(row.breaker_open_until),
    },
    createdAt: fromSqlTime(row.created_at),
    updatedAt: fromSqlTime(row.updated_at),
  };
}

export class SqlWebhookEndpointRepository implements WebhookEndpointRepository {
  constructor(private readonly db: SqlExecutor) {}

  async insert(tx: SqlExecutor, endpoint: WebhookEndpoint): Promise<void> {
    await tx.query(
      `INSERT INTO webhook_endpoints (id, partner_id, url, event_types, description, enabled, secret_sealed, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)`,
      [
        endpoint.id,
        endpoint.partnerId,
        endpoint.url,
        JSON.stringify(endpoint.eventTypes),
        endpoint.description,
        endpoint.secretSealed,
        toSqlTime(endpoint.createdAt),
        toSqlTime(endpoint.updatedAt),
      ],
    );
  }

  async findById(id: string, options: { tx?: SqlExecutor; forUpdate?: boolean } = {}): Promise<WebhookEndpoint | null> {
    const rows = await (options.tx ?? this.db).query<EndpointRow[]>(
      `SELECT * FROM webhook_endpoints WHERE id = ? AND deleted_at IS NULL${options.forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toEndpoint(rows[0]) : null;
  }

  async listByPartner(partnerId: string | null): Promise<WebhookEndpoint[]> {
    const rows = partnerId
      ? await this.db.query<EndpointRow[]>(
          'SELECT * FROM webhook_endpoints WHERE partner_id = ? AND deleted_at IS NULL ORDER BY created_at, id',
          [partnerId],
        )
      : await this.db.query<EndpointRow[]>('SELECT * FROM webhook_endpoints WHERE deleted_at IS NULL ORDER BY created_at, id LIMIT 1000');
    return rows.map(toEndpoint);
  }

  async countByPartner(tx: SqlExecutor, partnerId: string): Promise<number> {
    const rows = await tx.query<Array<{ n: number | string }>>(
      'SELECT COUNT(*) AS n FROM webhook_endpoints WHERE partner_id = ? AND deleted_at IS NULL FOR UPDATE',
      [partnerId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async listActiveForPartners(tx: SqlExecutor, partnerIds: readonly string[]): Promise<WebhookEndpoint[]> {
    if (partnerIds.length === 0) return [];
    const rows = await tx.query<EndpointRow[]>(
      `SELECT * FROM webhook_endpoints WHERE partner_id IN (${partnerIds.map(() => '?').join(', ')}) AND enabled = 1 AND deleted_at IS NULL`,
      partnerIds,
    );
    return rows.map(toEndpoint);
  }

  async markDeleted(tx: SqlExecutor, id: string, now: Date): Promise<void> {
    await tx.query('UPDATE webhook_endpoints SET deleted_at = ?, enabled = 0, updated_at = ? WHERE id = ? AND deleted_at IS NULL', [
      toSqlTime(now),
      toSqlTime(now),
      id,
    ]);
  }

  async rotateSecret(
    tx: SqlExecutor,
    id: string,
    sealed: { current: string; previous: string; previousExpiresAt: Date },
    now: Date,
  ): Promise<void> {
    await tx.query(
      'UPDATE webhook_endpoints SET secret_sealed = ?, previous_secret_sealed = ?, previous_secret_expires_at = ?, updated_at = ? WHERE id = ?',
      [sealed.current, sealed.previous, toSqlTime(sealed.previousExpiresAt), toSqlTime(now), id],
    );
  }

  async saveHealth(tx: SqlExecutor, id: string, health: EndpointHealth, now: Date): Promise<void> {
    await tx.query(
      'UPDATE webhook_endpoints SET consecutive_failures = ?, failing_since = ?, breaker_open_until = ?, updated_at = ? WHERE id = ?',
      [health.consecutiveFailures, sqlTime(health.failingSince), sqlTime(health.breakerOpenUntil), toSqlTime(now), id],
    );
  }

  async disable(tx: SqlExecutor, id: string, reason: DisabledReason, now: Date): Promise<void> {
    await tx.query('UPDATE webhook_endpoints SET enabled = 0, disabled_reason = ?, updated_at = ? WHERE id = ? AND enabled = 1', [
      reason,
      toSqlTime(now),
      id,
    ]);
  }

  async claimProbe(id: string, now: Date, until: Date, threshold: number): Promise<boolean> {
    const result = await this.db.query<ResultHeader>(
      'UPDATE webhook_endpoints SET breaker_open_until = ? WHERE id = ? AND consecutive_failures >= ? AND (breaker_open_until IS NULL OR breaker_open_until <= ?)',
      [toSqlTime(until), id, threshold, toSqlTime(now)],
    );
    return result.affectedRows === 1;
  }
}
