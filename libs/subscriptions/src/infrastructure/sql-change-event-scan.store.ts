import { type ScannedEvent, SqlEventScanStore } from '@nce/notifications';
import { fromSqlTime } from '@nce/persistence';

interface ScanRow {
  id: number | string;
  change_id: string;
  sequence: number;
  type: string;
  occurred_at: Date | string;
  data: unknown;
  partner_id: string;
  customer_id: string;
  status: string;
}

const CURSOR = 'subscription_change_events';

const SELECT = `SELECT e.id, e.change_id, e.sequence, e.type, e.occurred_at, e.data, c.partner_id, c.customer_id, c.status
  FROM subscription_change_events e JOIN subscription_changes c ON c.id = e.change_id`;

/** `webhook-id` of a change event: names the event itself, whichever endpoint or attempt carries it. */
export function changeEventMessageId(changeId: string, sequence: number): string {
  return `evt_sc_${changeId}_${sequence}`;
}

function toEvent(row: ScanRow): ScannedEvent {
  const data = (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>;
  const occurredAt = fromSqlTime(row.occurred_at);
  // Webhook body (issue-17 contract): { type, timestamp, data: { changeId, subscriptionId, customerId, kind, status, sequence, … } }.
  const body = JSON.stringify({
    type: row.type,
    timestamp: occurredAt.toISOString(),
    data: { ...data, changeId: row.change_id, customerId: row.customer_id, sequence: row.sequence },
  });
  return {
    id: Number(row.id),
    orderId: row.change_id,
    customerId: row.customer_id,
    partnerId: row.partner_id,
    sequence: row.sequence,
    type: row.type,
    occurredAt,
    data,
    orderStatus: row.status,
    orderStep: null,
    webhook: { messageId: changeEventMessageId(row.change_id, row.sequence), body },
  };
}

/** The webhook fan-out's scan over subscription_change_events (its own cursor row; same gap handling as order events). */
export class SqlChangeEventScanStore extends SqlEventScanStore<ScanRow> {
  constructor() {
    super({ cursor: CURSOR, table: 'subscription_change_events', select: SELECT, toEvent });
  }
}
