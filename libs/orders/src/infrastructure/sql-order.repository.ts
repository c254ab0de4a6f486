import { type SqlExecutor, type ResultHeader, fromSqlTime, toSqlTime } from '@nce/persistence';
import type { OrderCursor, OrderFilter, OrderRepository } from '../application/orders.ports';
import type { Order } from '../domain/order.model';
import { ConcurrentOrderUpdateError } from '../domain/order.errors';
import { ORDER_COLUMNS, type OrderRow, type SubscriptionRow, orderValues, toOrder } from './order-row.mapper';

export class SqlOrderRepository implements OrderRepository {
  constructor(private readonly db: SqlExecutor) {}

  async insert(tx: SqlExecutor, order: Order, initialEvents: number): Promise<void> {
    const columns = ['id', 'customer_id', 'partner_id', 'created_at', 'version', 'last_event_sequence', ...ORDER_COLUMNS];
    await tx.query(`INSERT INTO orders (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, [
      order.id,
      order.customerId,
      order.partnerId,
      toSqlTime(order.createdAt),
      order.version,
      initialEvents,
      ...orderValues(order),
    ]);
  }

  async findById(id: string, options: { tx?: SqlExecutor; forUpdate?: boolean } = {}): Promise<Order | null> {
    const db = options.tx ?? this.db;
    // One round trip for the order and its subscriptions.
    const [rows, subscriptions] = await db.query<[OrderRow[], SubscriptionRow[]]>(
      `SELECT * FROM orders WHERE id = ?${options.forUpdate ? ' FOR UPDATE' : ''}; SELECT * FROM order_subscriptions WHERE order_id = ? ORDER BY subscription_id`,
      [id, id],
    );
    if (!rows[0]) return null;
    return toOrder(rows[0], subscriptions, { locked: options.forUpdate === true });
  }

  async update(tx: SqlExecutor, order: Order): Promise<void> {
    const assignments = ORDER_COLUMNS.map((column) => `${column} = ?`).join(', ');
    const result = await tx.query<ResultHeader>(`UPDATE orders SET ${assignments}, version = version + 1 WHERE id = ? AND version = ?`, [
      ...orderValues(order),
      order.id,
      order.version,
    ]);
    if (result.affectedRows !== 1) throw new ConcurrentOrderUpdateError(order.id);
    order.version += 1;
    await this.saveSubscriptions(tx, order);
  }

  async list(filter: OrderFilter, page: { limit: number; before?: OrderCursor }): Promise<Order[]> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    const add = (sql: string, ...values: unknown[]): void => {
      conditions.push(sql);
      parameters.push(...values);
    };
    if (filter.partnerId) add('o.partner_id = ?', filter.partnerId);
    if (filter.customerId) add('o.customer_id = ?', filter.customerId);
    if (filter.status) add('o.status = ?', filter.status);
    if (filter.domain) add('o.account_domain = ?', filter.domain);
    if (filter.failureCode) add('o.failure_code = ?', filter.failureCode);
    if (filter.subscriptionId) add('o.id IN (SELECT order_id FROM order_subscriptions WHERE subscription_id = ?)', filter.subscriptionId);
    if (page.before)
      add(
        '(o.created_at < ? OR (o.created_at = ? AND o.id < ?))',
        toSqlTime(page.before.createdAt),
        toSqlTime(page.before.createdAt),
        page.before.id,
      );
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.db.query<OrderRow[]>(`SELECT o.* FROM orders o ${where} ORDER BY o.created_at DESC, o.id DESC LIMIT ?`, [
      ...parameters,
      page.limit,
    ]);
    if (rows.length === 0) return [];
    const subscriptions = await this.db.query<SubscriptionRow[]>(
      `SELECT * FROM order_subscriptions WHERE order_id IN (${rows.map(() => '?').join(',')}) ORDER BY subscription_id`,
      rows.map((row) => row.id),
    );
    return rows.map((row) =>
      toOrder(
        row,
        subscriptions.filter((subscription) => subscription.order_id === row.id),
      ),
    );
  }

  /** The customer's newest order, locked in `tx` (GDAP events join its stream). */
  async latestIdForCustomer(tx: SqlExecutor, customerId: string): Promise<string | null> {
    // A failed or cancelled order's stream has ended with its terminal event: nothing is appended after it.
    const rows = await tx.query<Array<{ id: string }>>(
      "SELECT id FROM orders WHERE customer_id = ? AND status NOT IN ('failed', 'cancelled') ORDER BY created_at DESC, id DESC LIMIT 1 FOR UPDATE",
      [customerId],
    );
    return rows[0]?.id ?? null;
  }

  async findStale(
    before: Date,
    limit: number,
    after?: { updatedAt: Date; id: string },
  ): Promise<Array<{ id: string; step: Order['step']; run: number; updatedAt: Date }>> {
    const page = after ? ' AND (updated_at > ? OR (updated_at = ? AND id > ?))' : '';
    const rows = await this.db.query<Array<{ id: string; step: Order['step']; run: number; updated_at: Date }>>(
      `SELECT id, step, run, updated_at FROM orders WHERE status IN ('accepted', 'in_progress', 'action_required') AND updated_at < ?${page} ORDER BY updated_at, id LIMIT ?`,
      [toSqlTime(before), ...(after ? [toSqlTime(after.updatedAt), toSqlTime(after.updatedAt), after.id] : []), limit],
    );
    return rows.map((row) => ({ id: row.id, step: row.step, run: row.run, updatedAt: fromSqlTime(row.updated_at) }));
  }

  private async saveSubscriptions(tx: SqlExecutor, order: Order): Promise<void> {
    if (order.subscriptions.length === 0) return;
    const placeholders = order.subscriptions.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
    await tx.query(
      `INSERT INTO order_subscriptions (order_id, subscription_id, catalog_item_id, status, quantity, term_duration, billing_cycle, commitment_end_date) VALUES ${placeholders}
       ON DUPLICATE KEY UPDATE status = VALUES(status), quantity = VALUES(quantity), commitment_end_date = VALUES(commitment_end_date)`,
      order.subscriptions.flatMap((subscription) => [
        order.id,
        subscription.id,
        subscription.catalogItemId,
        subscription.status,
        subscription.quantity,
        subscription.termDuration,
        subscription.billingCycle,
        subscription.commitmentEndDate,
      ]),
    );
  }
}
