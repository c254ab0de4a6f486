import { type OutboxWriter, SQL_OUTBOX } from '@nce/messaging';
import type { UnitOfWork } from '@nce/persistence';
import { WebhookUrlRefusedError } from '../domain/notifications.errors';
import { type AttemptOutcome, type WebhookDelivery, classifyResponse, nextAttemptDelayMs } from '../domain/webhook-delivery.model';
import {
  type BreakerPolicy,
  HEALTHY,
  type WebhookEndpoint,
  afterFailure,
  breakerGate,
  signingSecrets,
} from '../domain/webhook-endpoint.model';
import { webhookSignatureHeader } from '../domain/webhook-signature';
import { deliverCommand } from './delivery-commands';
import type { EndpointLanes } from './endpoint-lanes';
import type {
  SecretSealer,
  WebhookDeliveryRepository,
  WebhookEndpointRepository,
  WebhookResponse,
  WebhookTransport,
} from './notifications.ports';
import type { WebhookUrlGuard } from './webhook-url-guard';

export interface DeliverWebhookPolicy {
  timeoutMs: number;
  timeScale: number;
  breaker: BreakerPolicy;
}

/** What one job did: nothing (stale or finished), an attempt, or "run me again later" without an attempt. */
export type DeliverResult =
  | { kind: 'skipped'; reason: string }
  | { kind: 'attempted'; outcome: AttemptOutcome; durationMs: number }
  | { kind: 'later'; inMs: number; reason: string };

export interface DeliveryObserver {
  attempted(delivery: WebhookDelivery, attempt: number, outcome: AttemptOutcome, durationMs: number): void;
}

const LEASE_EXTRA_MS = 30_000;

/**
 * One attempt of one delivery (the `webhook.deliver` job). Off the provisioning path: it only reads
 * the delivery, sends, and records the outcome with the next attempt's job in ONE transaction.
 * Breaker-open, busy-lane and early jobs are re-delayed without burning an attempt.
 */
export class DeliverWebhook {
  constructor(
    private readonly deps: {
      unitOfWork: UnitOfWork;
      outbox?: OutboxWriter;
      endpoints: WebhookEndpointRepository;
      deliveries: WebhookDeliveryRepository;
      guard: WebhookUrlGuard;
      transport: WebhookTransport;
      sealer: SecretSealer;
      lanes: EndpointLanes;
      policy: DeliverWebhookPolicy;
      observer?: DeliveryObserver;
      onCommitted?: () => void;
      clock?: () => Date;
    },
  ) {}

  async execute(job: { deliveryId: string; endpointId: string; attempt: number }): Promise<DeliverResult> {
    // The lane first, from the job alone: a backlog for a busy endpoint costs no database work.
    const release = await this.deps.lanes.acquire(job.endpointId);
    if (!release) return { kind: 'later', inMs: this.deps.lanes.deferMs(job.endpointId), reason: 'endpoint busy' };
    try {
      const now = this.now();
      const delivery = await this.deps.deliveries.findById(job.deliveryId);
      if (!delivery || delivery.status !== 'pending' || delivery.attempts + 1 !== job.attempt || delivery.endpointId !== job.endpointId)
        return { kind: 'skipped', reason: 'stale job' };
      if (delivery.nextAttemptAt && delivery.nextAttemptAt.getTime() - now.getTime() > 1_000) {
        return { kind: 'later', inMs: delivery.nextAttemptAt.getTime() - now.getTime(), reason: 'early' };
      }
      return await this.attempt(delivery, job.attempt);
    } finally {
      release();
    }
  }

  private async attempt(delivery: WebhookDelivery, attempt: number): Promise<DeliverResult> {
    const now = this.now();
    const endpoint = await this.deps.endpoints.findById(delivery.endpointId);
    if (!endpoint || !endpoint.enabled) {
      await this.deps.unitOfWork.transaction((tx) =>
        this.deps.deliveries.failPendingOfEndpoint(tx, delivery.endpointId, endpoint ? 'endpoint disabled' : 'endpoint deleted', now),
      );
      return { kind: 'skipped', reason: 'endpoint disabled or deleted' };
    }
    const gate = breakerGate(endpoint.health, now, this.deps.policy.breaker.threshold);
    if (gate.kind === 'open')
      return { kind: 'later', inMs: gate.until.getTime() - now.getTime() + Math.floor(Math.random() * 250), reason: 'breaker open' };
    if (gate.kind === 'half_open') {
      const until = new Date(now.getTime() + this.deps.policy.breaker.cooldownMs);
      if (!(await this.deps.endpoints.claimProbe(endpoint.id, now, until, this.deps.policy.breaker.threshold))) {
        return { kind: 'later', inMs: this.deps.policy.breaker.cooldownMs, reason: 'breaker half-open: another job probes' };
      }
    }
    const leaseUntil = new Date(now.getTime() + this.deps.policy.timeoutMs + LEASE_EXTRA_MS);
    if (!(await this.deps.deliveries.claim(delivery.id, delivery.attempts, now, leaseUntil)))
      return { kind: 'skipped', reason: 'another job holds this attempt' };
    const started = this.now();
    const response = await this.send(endpoint, delivery, started);
    const outcome = classifyResponse(response, this.now());
    await this.record(endpoint, delivery, outcome, started, response);
    this.deps.observer?.attempted(delivery, attempt, outcome, response.durationMs);
    return { kind: 'attempted', outcome, durationMs: response.durationMs };
  }

  private async send(endpoint: WebhookEndpoint, delivery: WebhookDelivery, now: Date): Promise<WebhookResponse> {
    let target: Awaited<ReturnType<WebhookUrlGuard['resolveForDelivery']>>;
    try {
      target = await this.deps.guard.resolveForDelivery(endpoint.url);
    } catch (error) {
      const message = error instanceof WebhookUrlRefusedError ? error.message : 'address check failed';
      return { statusCode: null, retryAfter: null, error: message, durationMs: 0 };
    }
    const timestamp = Math.floor(now.getTime() / 1000);
    const secrets = signingSecrets(endpoint, (sealed) => this.deps.sealer.open(sealed), now);
    return this.deps.transport.send({
      url: target.url,
      address: target.address,
      body: delivery.body,
      timeoutMs: this.deps.policy.timeoutMs,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'nce-provisioning-webhooks/1',
        'webhook-id': delivery.messageId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': webhookSignatureHeader(secrets, delivery.messageId, timestamp, delivery.body),
      },
    });
  }

  private async record(
    before: WebhookEndpoint,
    delivery: WebhookDelivery,
    outcome: AttemptOutcome,
    started: Date,
    response: WebhookResponse,
  ): Promise<void> {
    const now = this.now();
    const endpointId = before.id;
    const attempt = delivery.attempts + 1;
    const error =
      outcome.kind === 'failure' ? outcome.error.slice(0, 500) : outcome.kind === 'gone' ? 'HTTP 410 Gone: endpoint disabled' : null;
    // Pipelined: the endpoint lock and read go out first, every write travels with the COMMIT, so the
    // lock that serialises the attempts to one failing endpoint is held for two round trips, not eight.
    await this.deps.unitOfWork.pipelined(async (tx) => {
      // The endpoint row lock serialises health updates of concurrent attempts to one endpoint; the
      // common case (a success to a healthy endpoint) changes no health and takes no lock.
      const healthyNow = outcome.kind === 'success' && before.health.consecutiveFailures === 0;
      const endpoint = healthyNow ? before : await this.deps.endpoints.findById(endpointId, { tx, forUpdate: true });
      await this.deps.deliveries.recordAttempt(tx, {
        deliveryId: delivery.id,
        attempt,
        startedAt: started,
        durationMs: Math.round(response.durationMs),
        statusCode: response.statusCode,
        error,
      });
      if (outcome.kind === 'success') {
        await this.deps.deliveries.settle(tx, delivery.id, delivery.attempts, {
          status: 'succeeded',
          nextAttemptAt: null,
          statusCode: outcome.statusCode,
          error: null,
          at: now,
        });
        if (endpoint && endpoint.health.consecutiveFailures > 0) await this.deps.endpoints.saveHealth(tx, endpointId, HEALTHY, now);
        return;
      }
      if (outcome.kind === 'gone') {
        await this.deps.deliveries.settle(tx, delivery.id, delivery.attempts, {
          status: 'failed',
          nextAttemptAt: null,
          statusCode: 410,
          error,
          at: now,
        });
        await this.deps.endpoints.disable(tx, endpointId, 'gone', now);
        await this.deps.deliveries.failPendingOfEndpoint(tx, endpointId, 'endpoint disabled (410 Gone)', now);
        return;
      }
      const health = endpoint ? afterFailure(endpoint.health, now, this.deps.policy.breaker) : { health: HEALTHY, disable: null };
      const delayMs = health.disable
        ? null
        : nextAttemptDelayMs(delivery.roundAttempts + 1, this.deps.policy.timeScale, outcome.retryAfterMs);
      const nextAttemptAt = delayMs === null ? null : new Date(now.getTime() + delayMs);
      await this.deps.deliveries.settle(tx, delivery.id, delivery.attempts, {
        status: nextAttemptAt ? 'pending' : 'failed',
        nextAttemptAt,
        statusCode: outcome.statusCode,
        error,
        at: now,
      });
      if (nextAttemptAt && delayMs !== null)
        await (this.deps.outbox ?? SQL_OUTBOX).write(tx, [deliverCommand(delivery, attempt + 1, delayMs)], now);
      if (endpoint) await this.deps.endpoints.saveHealth(tx, endpointId, health.health, now);
      if (health.disable) {
        await this.deps.endpoints.disable(tx, endpointId, health.disable, now);
        await this.deps.deliveries.failPendingOfEndpoint(tx, endpointId, 'endpoint disabled (failing for too long)', now);
      }
    });
    this.deps.onCommitted?.();
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }
}
