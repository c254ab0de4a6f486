import { type SqlExecutor, type ResultHeader, fromSqlTime, isDuplicateKeyError, toSqlTime } from '@nce/persistence';
import { ChangeInFlightConflict, type SubscriptionChangeRepository } from '../application/subscription-changes.ports';
import type { ChangeKind, ChangeStatus, SubscriptionChange } from '../domain/subscription-change.model';

interface ChangeRow {
  id: string;
  subscription_id: string;
  customer_id: string;
  partner_id: string;
  customer_tenant_id: string;
  kind: ChangeKind;
  status: ChangeStatus;
  requested: unknown;
  previous: unknown;
  request_id: string | null;
  request_recorded_at: Date | string | null;
  run: number;
  delay_info: unknown;
  failure: unknown;
  last_event_sequence: number;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
}

function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function toChange(row: ChangeRow): SubscriptionChange {
  const delay = row.delay_info === null ? null : json<{ reason: string; retryAt: string }>(row.delay_info);
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    customerId: row.customer_id,
    partnerId: row.partner_id,
    customerTenantId: row.customer_tenant_id,
    kind: row.kind,
    status: row.status,
    requested: json(row.requested),
    previous: json(row.previous),
    requestId: row.request_id,
    requestRecordedAt: row.request_recorded_at === null ? null : fromSqlTime(row.request_recorded_at),
    run: row.run,
    delay: delay ? { reason: delay.reason, retryAt: new Date(delay.retryAt) } : null,
    failure: row.failure === null ? null : json(row.failure),
    lastEventSequence: row.last_event_sequence,
    version: row.version,
    createdAt: fromSqlTime(row.created_at),
    updatedAt: fromSqlTime(row.updated_at),
  };
}

const COLUMNS =
  'id, subscription_id, customer_id, partner_id, customer_tenant_id, kind, status, requested, previous, request_id, request_recorded_at, run, delay_info, failure, last_event_sequence, version, created_at, updated_at';

export class SqlSubscriptionChangeRepository implements SubscriptionChangeRepository {
  constructor(private readonly db: SqlExecutor) {}

  async insert(tx: SqlExecutor, change: SubscriptionChange): Promise<void> {
    try {
      await tx.query(`INSERT INTO subscription_changes (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        change.id,
        change.subscriptionId,
        change.customerId,
        change.partnerId,
        change.customerTenantId,
        change.kind,
        change.status,
        JSON.stringify(change.requested),
        JSON.stringify(change.previous),
        change.requestId,
        change.requestRecordedAt ? toSqlTime(change.requestRecordedAt) : null,
        change.run,
        change.delay ? JSON.stringify({ reason: change.delay.reason, retryAt: change.delay.retryAt.toISOString() }) : null,
        change.failure ? JSON.stringify(change.failure) : null,
        change.lastEventSequence,
        change.version,
        toSqlTime(change.createdAt),
        toSqlTime(change.updatedAt),
      ]);
    } catch (error) {
      // uq_subscription_changes_in_flight: another change is accepted or in progress on the subscription.
      if (isDuplicateKeyError(error)) throw new ChangeInFlightConflict();
      throw error;
    }
  }

  async findById(id: string, options: { tx?: SqlExecutor; forUpdate?: boolean } = {}): Promise<SubscriptionChange | null> {
    const rows = await (options.tx ?? this.db).query<ChangeRow[]>(
      `SELECT ${COLUMNS} FROM subscription_changes WHERE id = ?${options.forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toChange(rows[0]) : null;
  }

  async update(tx: SqlExecutor, change: SubscriptionChange): Promise<void> {
    const result = await tx.query<ResultHeader>(
      'UPDATE subscription_changes SET status = ?, request_id = ?, request_recorded_at = ?, run = ?, delay_info = ?, failure = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?',
      [
        change.status,
        change.requestId,
        change.requestRecordedAt ? toSqlTime(change.requestRecordedAt) : null,
        change.run,
        change.delay ? JSON.stringify({ reason: change.delay.reason, retryAt: change.delay.retryAt.toISOString() }) : null,
        change.failure ? JSON.stringify(change.failure) : null,
        toSqlTime(change.updatedAt),
        change.id,
        change.version,
      ],
    );
    if (result.affectedRows !== 1) throw new Error(`Subscription change ${change.id} was changed by another writer`);
    change.version += 1;
  }

  async listBySubscription(subscriptionId: string, limit: number): Promise<SubscriptionChange[]> {
    const rows = await this.db.query<ChangeRow[]>(
      `SELECT ${COLUMNS} FROM subscription_changes WHERE subscription_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
      [subscriptionId, limit],
    );
    return rows.map(toChange);
  }

  async inFlightFor(subscriptionIds: readonly string[]): Promise<Map<string, SubscriptionChange>> {
    if (subscriptionIds.length === 0) return new Map();
    const rows = await this.db.query<ChangeRow[]>(
      `SELECT ${COLUMNS} FROM subscription_changes WHERE in_flight IN (${subscriptionIds.map(() => '?').join(', ')})`,
      [...subscriptionIds],
    );
    return new Map(rows.map((row) => [row.subscription_id, toChange(row)]));
  }

  async stuckSince(cutoff: Date, limit: number): Promise<SubscriptionChange[]> {
    const rows = await this.db.query<ChangeRow[]>(
      `SELECT ${COLUMNS} FROM subscription_changes WHERE status IN ('accepted', 'in_progress') AND updated_at < ? ORDER BY updated_at LIMIT ?`,
      [toSqlTime(cutoff), limit],
    );
    return rows.map(toChange);
  }
}
