import { fromSqlTime, toSqlTime } from '@nce/persistence';
import type { Order, OrderSubscription } from '../domain/order.model';
import { readOrderProgress } from '../domain/order-progress.model';
import type { OrderStatus, OrderStep } from '../domain/order-state-machine';

export interface OrderRow {
  id: string;
  customer_id: string;
  partner_id: string;
  status: OrderStatus;
  step: OrderStep | null;
  run: number;
  items: unknown;
  account: unknown;
  request: unknown;
  required_action: unknown;
  delay: unknown;
  failure: unknown;
  progress: unknown;
  checkout_intent: unknown;
  portal_url: string | null;
  parked_at: Date | null;
  version: number;
  last_event_sequence: number;
  created_at: Date;
  updated_at: Date;
}

export interface SubscriptionRow {
  order_id: string;
  subscription_id: string;
  catalog_item_id: string;
  status: string;
  quantity: number;
  term_duration: string;
  billing_cycle: string;
  commitment_end_date: string | null;
}

// mysql2 returns JSON columns parsed on MySQL 8 but as strings on MariaDB (JSON is LONGTEXT there).
function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export function toOrder(row: OrderRow, subscriptions: SubscriptionRow[], options: { locked?: boolean } = {}): Order {
  return {
    id: row.id,
    customerId: row.customer_id,
    partnerId: row.partner_id,
    status: row.status,
    step: row.step,
    run: row.run,
    items: json(row.items),
    account: json(row.account),
    request: json(row.request),
    requiredAction: json(row.required_action),
    delay: json(row.delay),
    failure: json(row.failure),
    progress: readOrderProgress(json(row.progress)),
    checkoutIntent: json(row.checkout_intent),
    subscriptions: subscriptions.map((subscription): OrderSubscription => ({
      id: subscription.subscription_id,
      catalogItemId: subscription.catalog_item_id,
      status: subscription.status,
      quantity: subscription.quantity,
      termDuration: subscription.term_duration,
      billingCycle: subscription.billing_cycle,
      commitmentEndDate: subscription.commitment_end_date,
    })),
    portalUrl: row.portal_url,
    parkedAt: row.parked_at ? fromSqlTime(row.parked_at) : null,
    createdAt: fromSqlTime(row.created_at),
    updatedAt: fromSqlTime(row.updated_at),
    version: row.version,
    ...(options.locked ? { lastEventSequence: row.last_event_sequence } : {}),
  };
}

const nullableJson = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/** Column values shared by insert and update, in ORDER_COLUMNS order. */
export const ORDER_COLUMNS = [
  'status',
  'step',
  'run',
  'items',
  'account',
  'account_domain',
  'request',
  'required_action',
  'delay',
  'failure',
  'failure_code',
  'progress',
  'checkout_intent',
  'portal_url',
  'parked_at',
  'updated_at',
] as const;

export function orderValues(order: Order): unknown[] {
  return [
    order.status,
    order.step,
    order.run,
    JSON.stringify(order.items),
    JSON.stringify(order.account),
    order.account.domain,
    JSON.stringify(order.request),
    nullableJson(order.requiredAction),
    nullableJson(order.delay),
    nullableJson(order.failure),
    order.failure?.code ?? null,
    JSON.stringify(order.progress),
    nullableJson(order.checkoutIntent),
    order.portalUrl,
    order.parkedAt ? toSqlTime(order.parkedAt) : null,
    toSqlTime(order.updatedAt),
  ];
}
