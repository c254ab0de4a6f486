import { type SqlExecutor, fromSqlTime, toSqlTime } from '@nce/persistence';
import type { SubscriptionFilter, SubscriptionReadModel, SubscriptionView } from '../application/subscription-queries';
import type { OrderItem } from '../domain/order.model';
import type { SubscriptionRow } from './order-row.mapper';

type Row = SubscriptionRow & { customer_id: string; partner_id: string; items: unknown; order_created_at: Date | string };

function toView(row: Row): SubscriptionView {
  const items = (typeof row.items === 'string' ? JSON.parse(row.items) : row.items) as OrderItem[];
  // The price agreed on the order for this plan (same term and billing cycle).
  const item = items.find(
    (candidate) =>
      candidate.catalogItemId === row.catalog_item_id &&
      candidate.termDuration === row.term_duration &&
      candidate.billingCycle === row.billing_cycle,
  );
  return {
    id: row.subscription_id,
    customerId: row.customer_id,
    partnerId: row.partner_id,
    orderId: row.order_id,
    catalogItemId: row.catalog_item_id,
    quantity: row.quantity,
    status: row.status,
    termDuration: row.term_duration,
    billingCycle: row.billing_cycle,
    commitmentEndDate: row.commitment_end_date,
    price: item?.price ?? null,
    orderedAt: fromSqlTime(row.order_created_at),
  };
}

const SELECT =
  'SELECT s.*, o.customer_id, o.partner_id, o.items, o.created_at AS order_created_at FROM order_subscriptions s JOIN orders o ON o.id = s.order_id';

/** Subscriptions across orders, newest order first (keyset on the order's time and the subscription id). */
export class SqlSubscriptionReadModel implements SubscriptionReadModel {
  constructor(private readonly db: SqlExecutor) {}

  async list(filter: SubscriptionFilter, page: { limit: number; before?: { createdAt: Date; id: string } }): Promise<SubscriptionView[]> {
    // Each filter that is set adds its condition and values.
    const clauses = [
      filter.partnerId ? { sql: 'o.partner_id = ?', values: [filter.partnerId] } : null,
      filter.customerId ? { sql: 'o.customer_id = ?', values: [filter.customerId] } : null,
      filter.orderId ? { sql: 'o.id = ?', values: [filter.orderId] } : null,
      page.before
        ? {
            sql: '(o.created_at < ? OR (o.created_at = ? AND s.subscription_id < ?))',
            values: [toSqlTime(page.before.createdAt), toSqlTime(page.before.createdAt), page.before.id],
          }
        : null,
    ].filter((clause) => clause !== null);
    const conditions = clauses.map((clause) => clause.sql);
    const parameters = clauses.flatMap((clause) => clause.values);
    const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.db.query<Row[]>(`${SELECT}${where} ORDER BY o.created_at DESC, s.subscription_id DESC LIMIT ?`, [
      ...parameters,
      page.limit,
    ]);
    return rows.map(toView);
  }

  async findById(subscriptionId: string): Promise<SubscriptionView | null> {
    const rows = await this.db.query<Row[]>(`${SELECT} WHERE s.subscription_id = ? ORDER BY o.created_at DESC LIMIT 1`, [subscriptionId]);
    return rows[0] ? toView(rows[0]) : null;
  }
}
