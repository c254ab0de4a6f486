import { type ResultHeader, type SqlExecutor, fromSqlTime, toSqlTime } from '@nce/persistence';
import type { DeliveryPage, WebhookDeliveryRepository } from '../application/notifications.ports';
import type { DeliveryAttempt, DeliveryStatus, WebhookDelivery } from '../domain/webhook-delivery.model';

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  partner_id: string;
  event_id: number | string | null;
  order_id: string | null;
  message_id: string;
  event_type: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  round_attempts: number;
  next_attempt_at: Date | string | null;
  last_status_code: number | null;
  last_error: string | null;
  last_attempt_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  completed_at: Date | string | null;
}

interface AttemptRow {
  delivery_id: string;
  attempt: number;
  started_at: Date | string;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
}

const optionalTime = (value: Date | string | null): Date | null => (value === null ? null : fromSqlTime(value));

function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    partnerId: row.partner_id,
    eventId: row.event_id === null ? null : Number(row.event_id),
    orderId: row.order_id,
    messageId: row.message_id,
    eventType: row.event_type,
    body: row.body,
    status: row.status,
    attempts: row.attempts,
    roundAttempts: row.round_attempts,
    nextAttemptAt: optionalTime(row.next_attempt_at),
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    lastAttemptAt: optionalTime(row.last_attempt_at),
    createdAt: fromSqlTime(row.created_at),
    updatedAt: fromSqlTime(row.updated_at),
    completedAt: optionalTime(row.completed_at),
  };
}

export class SqlWebhookDeliveryRepository implements WebhookDeliveryRepository {
  /** `eventSource`: the table `event_id` refers to ('order': order_events; 'subscription_change': issue 17), for the fan-out's inserts and dedupe. */
  constructor(
    private readonly db: SqlExecutor,
    private readonly eventSource: 'order' | 'subscription_change' = 'order',
  ) {}

  async insertMany(tx: SqlExecutor, deliveries: readonly WebhookDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await tx.query(
      `INSERT INTO webhook_deliveries (id, endpoint_id, partner_id, event_id, order_id, message_id, event_type, body, status, attempts, round_attempts, next_attempt_at, created_at, updated_at, event_source)
       VALUES ${deliveries.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?)').join(', ')}`,
      deliveries.flatMap((d) => [
        d.id,
        d.endpointId,
        d.partnerId,
        d.eventId,
        d.orderId,
        d.messageId,
        d.eventType,
        d.body,
        d.status,
        d.nextAttemptAt ? toSqlTime(d.nextAttemptAt) : null,
        toSqlTime(d.createdAt),
        toSqlTime(d.updatedAt),
        this.eventSource,
      ]),
    );
  }

  async findById(id: string, options: { tx?: SqlExecutor; forUpdate?: boolean } = {}): Promise<WebhookDelivery | null> {
    const rows = await (options.tx ?? this.db).query<DeliveryRow[]>(
      `SELECT * FROM webhook_deliveries WHERE id = ?${options.forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toDelivery(rows[0]) : null;
  }

  async existingForEvents(tx: SqlExecutor, eventIds: readonly number[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const rows = await tx.query<Array<{ event_id: number | string; endpoint_id: string }>>(
      `SELECT event_id, endpoint_id FROM webhook_deliveries WHERE event_source = ? AND event_id IN (${eventIds.map(() => '?').join(', ')})`,
      [this.eventSource, ...eventIds],
    );
    return new Set(rows.map((row) => `${Number(row.event_id)}:${row.endpoint_id}`));
  }

  async claim(id: string, attemptsMade: number, now: Date, leaseUntil: Date): Promise<boolean> {
    const result = await this.db.query<ResultHeader>(
      "UPDATE webhook_deliveries SET lease_until = ? WHERE id = ? AND status = 'pending' AND attempts = ? AND (lease_until IS NULL OR lease_until < ?)",
      [toSqlTime(leaseUntil), id, attemptsMade, toSqlTime(now)],
    );
    return result.affectedRows === 1;
  }

  async recordAttempt(tx: SqlExecutor, attempt: DeliveryAttempt): Promise<void> {
    await tx.query(
      'INSERT INTO webhook_delivery_attempts (delivery_id, attempt, started_at, duration_ms, status_code, error) VALUES (?, ?, ?, ?, ?, ?)',
      [attempt.deliveryId, attempt.attempt, toSqlTime(attempt.startedAt), attempt.durationMs, attempt.statusCode, attempt.error],
    );
  }

  async settle(
    tx: SqlExecutor,
    id: string,
    attemptsMade: number,
    change: { status: DeliveryStatus; nextAttemptAt: Date | null; statusCode: number | null; error: string | null; at: Date },
  ): Promise<boolean> {
    const at = toSqlTime(change.at);
    const result = await tx.query<ResultHeader>(
      `UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, round_attempts = round_attempts + 1, next_attempt_at = ?, lease_until = NULL,
         last_status_code = ?, last_error = ?, last_attempt_at = ?, updated_at = ?, completed_at = ? WHERE id = ? AND attempts = ?`,
      [
        change.status,
        change.nextAttemptAt ? toSqlTime(change.nextAttemptAt) : null,
        change.statusCode,
        change.error,
        at,
        at,
        change.status === 'pending' ? null : at,
        id,
        attemptsMade,
      ],
    );
    return result.affectedRows === 1;
  }

  async failPendingOfEndpoint(tx: SqlExecutor, endpointId: string, reason: string, now: Date): Promise<void> {
    await tx.query(
      "UPDATE webhook_deliveries SET status = 'failed', last_error = ?, next_attempt_at = NULL, lease_until = NULL, updated_at = ?, completed_at = ? WHERE endpoint_id = ? AND status = 'pending'",
      [reason, toSqlTime(now), toSqlTime(now), endpointId],
    );
  }

  async restart(tx: SqlExecutor, id: string, now: Date): Promise<boolean> {
    const result = await tx.query<ResultHeader>(
      "UPDATE webhook_deliveries SET status = 'pending', round_attempts = 0, next_attempt_at = ?, lease_until = NULL, completed_at = NULL, updated_at = ? WHERE id = ? AND status <> 'pending'",
      [toSqlTime(now), toSqlTime(now), id],
    );
    return result.affectedRows === 1;
  }

  async listByEndpoint(
    endpointId: string,
    page: { limit: number; before?: { createdAt: Date; id: string }; status?: DeliveryStatus },
  ): Promise<DeliveryPage> {
    const where = ['endpoint_id = ?'];
    const parameters: unknown[] = [endpointId];
    if (page.status) {
      where.push('status = ?');
      parameters.push(page.status);
    }
    if (page.before) {
      where.push('(created_at < ? OR (created_at = ? AND id < ?))');
      parameters.push(toSqlTime(page.before.createdAt), toSqlTime(page.before.createdAt), page.before.id);
    }
    const rows = await this.db.query<DeliveryRow[]>(
      `SELECT * FROM webhook_deliveries WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`,
      [...parameters, page.limit + 1],
    );
    const deliveries = rows.slice(0, page.limit).map(toDelivery);
    const attempts =
      deliveries.length === 0
        ? []
        : await this.db.query<AttemptRow[]>(
            `SELECT * FROM webhook_delivery_attempts WHERE delivery_id IN (${deliveries.map(() => '?').join(', ')}) ORDER BY delivery_id, attempt`,
            deliveries.map((d) => d.id),
          );
    const byDelivery = new Map<string, DeliveryAttempt[]>();
    for (const row of attempts) {
      const list = byDelivery.get(row.delivery_id) ?? [];
      list.push({
        deliveryId: row.delivery_id,
        attempt: row.attempt,
        startedAt: fromSqlTime(row.started_at),
        durationMs: row.duration_ms,
        statusCode: row.status_code,
        error: row.error,
      });
      byDelivery.set(row.delivery_id, list);
    }
    const last = deliveries[deliveries.length - 1];
    return {
      items: deliveries.map((delivery) => ({ ...delivery, attemptLog: byDelivery.get(delivery.id) ?? [] })),
      nextCursor: rows.length > page.limit && last ? { createdAt: last.createdAt, id: last.id } : null,
    };
  }

  async overdue(cutoff: Date, now: Date, limit: number, after?: { nextAttemptAt: Date; id: string }): Promise<WebhookDelivery[]> {
    const page = after ? ' AND (next_attempt_at > ? OR (next_attempt_at = ? AND id > ?))' : '';
    const rows = await this.db.query<DeliveryRow[]>(
      `SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)${page} ORDER BY next_attempt_at, id LIMIT ?`,
      [
        toSqlTime(cutoff),
        toSqlTime(now),
        ...(after ? [toSqlTime(after.nextAttemptAt), toSqlTime(after.nextAttemptAt), after.id] : []),
        limit,
      ],
    );
    return rows.map(toDelivery);
  }
}
