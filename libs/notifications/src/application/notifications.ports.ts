import type { SqlExecutor } from '@nce/persistence';
import type { DeliveryAttempt, DeliveryStatus, WebhookDelivery, WebhookEventSource } from '../domain/webhook-delivery.model';
import type { DisabledReason, EndpointHealth, WebhookEndpoint } from '../domain/webhook-endpoint.model';

export interface WebhookEndpointRepository {
  insert(tx: SqlExecutor, endpoint: WebhookEndpoint): Promise<void>;
  /** Not deleted; `forUpdate` locks the row (health updates are serialised per endpoint). */
  findById(id: string, options?: { tx?: SqlExecutor; forUpdate?: boolean }): Promise<WebhookEndpoint | null>;
  listByPartner(partnerId: string | null): Promise<WebhookEndpoint[]>;
  countByPartner(tx: SqlExecutor, partnerId: string): Promise<number>;
  /** Enabled, not deleted endpoints of these partners (fan-out). */
  listActiveForPartners(tx: SqlExecutor, partnerIds: readonly string[]): Promise<WebhookEndpoint[]>;
  markDeleted(tx: SqlExecutor, id: string, now: Date): Promise<void>;
  rotateSecret(
    tx: SqlExecutor,
    id: string,
    sealed: { current: string; previous: string; previousExpiresAt: Date },
    now: Date,
  ): Promise<void>;
  saveHealth(tx: SqlExecutor, id: string, health: EndpointHealth, now: Date): Promise<void>;
  disable(tx: SqlExecutor, id: string, reason: DisabledReason, now: Date): Promise<void>;
  /** Half-open: the one caller that moves `breaker_open_until` forward sends the probe. */
  claimProbe(id: string, now: Date, until: Date, threshold: number): Promise<boolean>;
}

export interface DeliveryPage {
  items: Array<WebhookDelivery & { attemptLog: DeliveryAttempt[] }>;
  nextCursor: { createdAt: Date; id: string } | null;
}

export interface WebhookDeliveryRepository {
  insertMany(tx: SqlExecutor, deliveries: readonly WebhookDelivery[]): Promise<void>;
  findById(id: string, options?: { tx?: SqlExecutor; forUpdate?: boolean }): Promise<WebhookDelivery | null>;
  /** `<eventId>:<endpointId>` of deliveries that already exist for these events. */
  existingForEvents(tx: SqlExecutor, eventIds: readonly number[]): Promise<Set<string>>;
  /** Takes the attempt `attempts + 1` for `leaseUntil`; false when another job holds it or it moved on. */
  claim(id: string, attemptsMade: number, now: Date, leaseUntil: Date): Promise<boolean>;
  recordAttempt(tx: SqlExecutor, attempt: DeliveryAttempt): Promise<void>;
  /** Applies the result of attempt `attemptsMade + 1` (guarded by the attempts count). */
  settle(
    tx: SqlExecutor,
    id: string,
    attemptsMade: number,
    change: { status: DeliveryStatus; nextAttemptAt: Date | null; statusCode: number | null; error: string | null; at: Date },
  ): Promise<boolean>;
  /** Stops every pending delivery of an endpoint (disabled or deleted). */
  failPendingOfEndpoint(tx: SqlExecutor, endpointId: string, reason: string, now: Date): Promise<void>;
  /** A finished delivery goes back to pending for a new round of the schedule. */
  restart(tx: SqlExecutor, id: string, now: Date): Promise<boolean>;
  listByEndpoint(
    endpointId: string,
    page: { limit: number; before?: { createdAt: Date; id: string }; status?: DeliveryStatus },
  ): Promise<DeliveryPage>;
  /** Pending, due before `cutoff`, not leased: candidates whose job Redis may have lost. */
  /** Pending deliveries due before `cutoff` and not leased, in (next attempt, id) order after `after`. */
  overdue(cutoff: Date, now: Date, limit: number, after?: { nextAttemptAt: Date; id: string }): Promise<WebhookDelivery[]>;
}

/** An order event as the fan-out reads it (joined with its order for partner and customer). */
export interface ScannedEvent extends WebhookEventSource {
  id: number;
  partnerId: string;
  /** Set by event sources other than orders (subscription changes): their own webhook-id and body; no order. */
  webhook?: { messageId: string; body: string };
}

export interface OrderEventScanStore {
  /** Locks the fan-out cursor for this transaction; null when another replica holds it. */
  lockCursor(tx: SqlExecutor): Promise<number | null>;
  saveCursor(tx: SqlExecutor, lastId: number, now: Date): Promise<void>;
  eventsAfter(tx: SqlExecutor, afterId: number, limit: number): Promise<ScannedEvent[]>;
  eventsBetween(tx: SqlExecutor, fromId: number, toId: number): Promise<ScannedEvent[]>;
  /**
   * False while an uncommitted transaction still holds a row of the range. Run in its own transaction
   * (it takes locks, and a consistent read after it in the same transaction would miss rows it saw).
   */
  rangeSettled(tx: SqlExecutor, fromId: number, toId: number): Promise<boolean>;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface HostResolver {
  resolve(hostname: string): Promise<ResolvedAddress[]>;
}

export interface WebhookRequest {
  url: URL;
  /** Connect here (the checked address), whatever DNS says at connection time. */
  address: ResolvedAddress;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface WebhookResponse {
  statusCode: number | null;
  retryAfter: string | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookTransport {
  send(request: WebhookRequest): Promise<WebhookResponse>;
}

export interface SecretSealer {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

/** Enqueues a delivery job directly (the reconciler's path; normal paths go through the outbox). */
export interface DeliveryJobQueue {
  state(jobId: string): Promise<'live' | 'finished' | 'missing'>;
  enqueue(jobId: string, delivery: { id: string; endpointId: string }, attempt: number): Promise<void>;
}
