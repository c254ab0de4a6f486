/** Delay before each attempt of a round (DESIGN.md section 6): immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const RETRY_SCHEDULE_MS: readonly number[] = [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

/** A Retry-After longer than the longest scheduled wait is capped: a partner cannot park us for days. */
const MAX_RETRY_AFTER_MS = 36_000_000;

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  partnerId: string;
  /** order_events.id; null for test events. */
  eventId: number | null;
  orderId: string | null;
  /** The `webhook-id` header: stable across retries and redeliveries, so receivers can dedupe. */
  messageId: string;
  eventType: string;
  /** The exact body sent (and signed) on every attempt. */
  body: string;
  status: DeliveryStatus;
  /** Attempts ever made (the next job carries attempts + 1). */
  attempts: number;
  /** Attempts in the current round (a redelivery starts a new round of the schedule). */
  roundAttempts: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

export interface DeliveryAttempt {
  deliveryId: string;
  attempt: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
}

export type AttemptOutcome =
  | { kind: 'success'; statusCode: number }
  | { kind: 'gone'; statusCode: 410 }
  | { kind: 'failure'; statusCode: number | null; error: string; retryAfterMs: number | null };

/** Seconds or an HTTP date (RFC 9110); anything else is ignored. */
export function parseRetryAfter(header: string | null, now: Date): number | null {
  if (header === null || header.trim() === '') return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Math.min(MAX_RETRY_AFTER_MS, Number(value) * 1_000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - now.getTime()));
}

/** 2xx succeeds; 410 Gone disables the endpoint; everything else (redirects included: never followed) fails. */
export function classifyResponse(
  response: { statusCode: number | null; error: string | null; retryAfter: string | null },
  now: Date,
): AttemptOutcome {
  const { statusCode } = response;
  if (statusCode === null) return { kind: 'failure', statusCode: null, error: response.error ?? 'no response', retryAfterMs: null };
  if (statusCode >= 200 && statusCode < 300) return { kind: 'success', statusCode };
  if (statusCode === 410) return { kind: 'gone', statusCode: 410 };
  const error = statusCode >= 300 && statusCode < 400 ? `HTTP ${statusCode} (redirects are not followed)` : `HTTP ${statusCode}`;
  return { kind: 'failure', statusCode, error, retryAfterMs: parseRetryAfter(response.retryAfter, now) };
}

/**
 * Wait before the next attempt after `roundAttemptsMade` failed attempts of this round, or null when
 * the schedule is exhausted. Retry-After lengthens (never shortens) the wait; TIME_SCALE compresses both.
 */
export function nextAttemptDelayMs(roundAttemptsMade: number, timeScale: number, retryAfterMs: number | null): number | null {
  if (roundAttemptsMade >= RETRY_SCHEDULE_MS.length) return null;
  const scheduled = RETRY_SCHEDULE_MS[roundAttemptsMade];
  return Math.round(Math.max(scheduled, retryAfterMs ?? 0) / timeScale);
}

/** Order events: `evt_<orderId>_<sequence>` names the event itself, whichever endpoint or attempt carries it. */
export function orderEventMessageId(orderId: string, sequence: number): string {
  return `evt_${orderId}_${sequence}`;
}

export interface WebhookEventSource {
  orderId: string;
  customerId: string;
  sequence: number;
  type: string;
  occurredAt: Date;
  data: Record<string, unknown>;
  /** The order's current status and step, used when the event data carries none (gdap events). */
  orderStatus: string;
  orderStep: string | null;
}

/** Webhook body (DESIGN.md section 9): `{ type, timestamp, data: { orderId, customerId, status, step, sequence, ... } }`. */
export function webhookBody(event: WebhookEventSource): string {
  const { status, step, ...rest } = event.data;
  return JSON.stringify({
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    data: {
      orderId: event.orderId,
      customerId: event.customerId,
      status: typeof status === 'string' ? status : event.orderStatus,
      step: typeof step === 'string' || step === null ? step : event.orderStep,
      sequence: event.sequence,
      ...rest,
    },
  });
}

export const TEST_EVENT_TYPE = 'webhook.test';

export function testEventBody(endpointId: string, now: Date): string {
  return JSON.stringify({
    type: TEST_EVENT_TYPE,
    timestamp: now.toISOString(),
    data: { endpointId, message: 'A test event: your endpoint receives and verifies webhooks.' },
  });
}
