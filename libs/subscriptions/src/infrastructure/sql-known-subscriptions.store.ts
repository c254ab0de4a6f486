import type { SqlExecutor } from '@nce/persistence';
import type { KnownSubscription, KnownSubscriptions } from '../application/subscription-changes.ports';

interface KnownRow {
  subscription_id: string;
  customer_id: string;
  partner_id: string;
  tenant_id: string | null;
  order_id: string;
  catalog_item_id: string;
  term_duration: string;
  billing_cycle: string;
}

// Read-only over the orders and accounts contexts' tables: the subscriptions our orders bought, with
// the customer's tenant (linked on the customer, or recorded by the order's account step).
const SELECT = `SELECT s.subscription_id, o.customer_id, o.partner_id, COALESCE(c.tenant_id, JSON_UNQUOTE(JSON_EXTRACT(o.progress, '$.customerTenantId'))) AS tenant_id,
    s.order_id, s.catalog_item_id, s.term_duration, s.billing_cycle
  FROM order_subscriptions s JOIN orders o ON o.id = s.order_id JOIN customers c ON c.id = o.customer_id`;

function toKnown(row: KnownRow): KnownSubscription | null {
  if (!row.tenant_id) return null;
  return {
    subscriptionId: row.subscription_id,
    customerId: row.customer_id,
    partnerId: row.partner_id,
    customerTenantId: row.tenant_id,
    orderId: row.order_id,
    catalogItemId: row.catalog_item_id,
    termDuration: row.term_duration || null,
    billingCycle: row.billing_cycle || null,
  };
}

function distinct(rows: KnownRow[]): KnownSubscription[] {
  const seen = new Map<string, KnownSubscription>();
  for (const row of rows) {
    const known = toKnown(row);
    if (known && !seen.has(known.subscriptionId)) seen.set(known.subscriptionId, known);
  }
  return [...seen.values()];
}

export class SqlKnownSubscriptions implements KnownSubscriptions {
  constructor(private readonly db: SqlExecutor) {}

  async ofCustomer(customerId: string): Promise<KnownSubscription[]> {
    return distinct(await this.db.query<KnownRow[]>(`${SELECT} WHERE o.customer_id = ? ORDER BY o.created_at DESC`, [customerId]));
  }

  async byIds(subscriptionIds: readonly string[]): Promise<KnownSubscription[]> {
    if (subscriptionIds.length === 0) return [];
    return distinct(
      await this.db.query<KnownRow[]>(
        `${SELECT} WHERE s.subscription_id IN (${subscriptionIds.map(() => '?').join(', ')}) ORDER BY o.created_at DESC`,
        [...subscriptionIds],
      ),
    );
  }

  async withoutCopy(limit: number): Promise<KnownSubscription[]> {
    return distinct(
      await this.db.query<KnownRow[]>(
        `${SELECT} LEFT JOIN subscriptions copy ON copy.subscription_id = s.subscription_id WHERE copy.subscription_id IS NULL ORDER BY o.created_at LIMIT ?`,
        [limit],
      ),
    );
  }

  async customers(): Promise<string[]> {
    const rows = await this.db.query<Array<{ customer_id: string }>>(
      'SELECT DISTINCT o.customer_id FROM order_subscriptions s JOIN orders o ON o.id = s.order_id',
    );
    return rows.map((row) => row.customer_id);
  }
}
