import { fromSqlTime } from '@nce/persistence';
import type { ScannedEvent } from '../application/notifications.ports';
import { SqlEventScanStore } from './sql-event-scan.store';

interface ScanRow {
  id: number | string;
  order_id: string;
  sequence: number;
  type: string;
  occurred_at: Date | string;
  data: unknown;
  partner_id: string;
  customer_id: string;
  status: string;
  step: string | null;
}

const CURSOR = 'order_events';

// Read-only over the orders context's tables (order_events joined with orders for partner and customer).
const SELECT = `SELECT e.id, e.order_id, e.sequence, e.type, e.occurred_at, e.data, o.partner_id, o.customer_id, o.status, o.step
  FROM order_events e JOIN orders o ON o.id = e.order_id`;

function toEvent(row: ScanRow): ScannedEvent {
  return {
    id: Number(row.id),
    orderId: row.order_id,
    customerId: row.customer_id,
    partnerId: row.partner_id,
    sequence: row.sequence,
    type: row.type,
    occurredAt: fromSqlTime(row.occurred_at),
    data: (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>,
    orderStatus: row.status,
    orderStep: row.step,
  };
}

/** The webhook fan-out's scan over order_events. */
export class SqlOrderEventScanStore extends SqlEventScanStore<ScanRow> {
  constructor() {
    super({ cursor: CURSOR, table: 'order_events', select: SELECT, toEvent });
  }
}
