import { type SqlExecutor, fromSqlTime, toSqlTime } from '@nce/persistence';
import type { SubscriptionCopyStore } from '../application/subscription-changes.ports';
import type { SubscriptionCopy } from '../domain/subscription-copy.model';

interface CopyRow {
  subscription_id: string;
  customer_id: string;
  partner_id: string;
  customer_tenant_id: string;
  order_id: string | null;
  catalog_item_id: string;
  quantity: number;
  status: string;
  auto_renew: number;
  term_duration: string | null;
  billing_cycle: string | null;
  commitment_end_date: string | null;
  cancellable_until: Date | string | null;
  refundable: unknown;
  etag: string | null;
  synced_at: Date | string;
}

function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function toCopy(row: CopyRow): SubscriptionCopy {
  return {
    id: row.subscription_id,
    customerId: row.customer_id,
    partnerId: row.partner_id,
    customerTenantId: row.customer_tenant_id,
    orderId: row.order_id,
    catalogItemId: row.catalog_item_id,
    quantity: row.quantity,
    status: row.status,
    autoRenew: Boolean(row.auto_renew),
    termDuration: row.term_duration,
    billingCycle: row.billing_cycle,
    commitmentEndDate: row.commitment_end_date,
    cancellableUntil: row.cancellable_until === null ? null : fromSqlTime(row.cancellable_until),
    refundable: json<Array<{ quantity: number; allowedUntil: string }>>(row.refundable).map((window) => ({
      quantity: window.quantity,
      allowedUntil: new Date(window.allowedUntil),
    })),
    etag: row.etag,
    syncedAt: fromSqlTime(row.synced_at),
  };
}

export class SqlSubscriptionCopyStore implements SubscriptionCopyStore {
  constructor(private readonly db: SqlExecutor) {}

  async find(subscriptionId: string, options: { tx?: SqlExecutor; forUpdate?: boolean } = {}): Promise<SubscriptionCopy | null> {
    const rows = await (options.tx ?? this.db).query<CopyRow[]>(
      `SELECT * FROM subscriptions WHERE subscription_id = ?${options.forUpdate ? ' FOR UPDATE' : ''}`,
      [subscriptionId],
    );
    return rows[0] ? toCopy(rows[0]) : null;
  }

  async findMany(subscriptionIds: readonly string[]): Promise<SubscriptionCopy[]> {
    if (subscriptionIds.length === 0) return [];
    const rows = await this.db.query<CopyRow[]>(
      `SELECT * FROM subscriptions WHERE subscription_id IN (${subscriptionIds.map(() => '?').join(', ')})`,
      [...subscriptionIds],
    );
    return rows.map(toCopy);
  }

  async save(tx: SqlExecutor, copy: SubscriptionCopy): Promise<void> {
    const values = [
      copy.customerId,
      copy.partnerId,
      copy.customerTenantId,
      copy.orderId,
      copy.catalogItemId,
      copy.quantity,
      copy.status,
      copy.autoRenew ? 1 : 0,
      copy.termDuration,
      copy.billingCycle,
      copy.commitmentEndDate,
      copy.cancellableUntil ? toSqlTime(copy.cancellableUntil) : null,
      JSON.stringify(copy.refundable.map((window) => ({ quantity: window.quantity, allowedUntil: window.allowedUntil.toISOString() }))),
      copy.etag,
      toSqlTime(copy.syncedAt),
    ];
    // A read older than the stored one (a slow sync racing a change's refresh) does not overwrite it.
    await tx.query(
      `INSERT INTO subscriptions (customer_id, partner_id, customer_tenant_id, order_id, catalog_item_id, quantity, status, auto_renew, term_duration, billing_cycle,
         commitment_end_date, cancellable_until, refundable, etag, synced_at, subscription_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE
         quantity = IF(VALUES(synced_at) >= synced_at, VALUES(quantity), quantity),
         status = IF(VALUES(synced_at) >= synced_at, VALUES(status), status),
         auto_renew = IF(VALUES(synced_at) >= synced_at, VALUES(auto_renew), auto_renew),
         term_duration = IF(VALUES(synced_at) >= synced_at, VALUES(term_duration), term_duration),
         billing_cycle = IF(VALUES(synced_at) >= synced_at, VALUES(billing_cycle), billing_cycle),
         commitment_end_date = IF(VALUES(synced_at) >= synced_at, VALUES(commitment_end_date), commitment_end_date),
         cancellable_until = IF(VALUES(synced_at) >= synced_at, VALUES(cancellable_until), cancellable_until),
         refundable = IF(VALUES(synced_at) >= synced_at, VALUES(refundable), refundable),
         etag = IF(VALUES(synced_at) >= synced_at, VALUES(etag), etag),
         synced_at = GREATEST(synced_at, VALUES(synced_at))`,
      [...values, copy.id],
    );
  }

  async staleSince(cutoff: Date, limit: number): Promise<SubscriptionCopy[]> {
    const rows = await this.db.query<CopyRow[]>(
      "SELECT * FROM subscriptions WHERE synced_at < ? AND status NOT IN ('deleted', 'expired') ORDER BY synced_at LIMIT ?",
      [toSqlTime(cutoff), limit],
    );
    return rows.map(toCopy);
  }
}
