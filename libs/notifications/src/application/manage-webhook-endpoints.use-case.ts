import { randomUUID } from 'node:crypto';
import type { Principal } from '@nce/contracts';
import { writeOutbox } from '@nce/messaging';
import { zodFieldErrors } from '@nce/orders';
import type { UnitOfWork } from '@nce/persistence';
import {
  WebhookConflictError,
  WebhookEndpointNotFoundError,
  WebhookForbiddenError,
  WebhookUrlRefusedError,
  WebhookValidationError,
} from '../domain/notifications.errors';
import { TEST_EVENT_TYPE, type WebhookDelivery, testEventBody } from '../domain/webhook-delivery.model';
import { HEALTHY, type WebhookEndpoint } from '../domain/webhook-endpoint.model';
import { generateWebhookSecret } from '../domain/webhook-signature';
import { deliverCommand, newDelivery } from './delivery-commands';
import type { SecretSealer, WebhookDeliveryRepository, WebhookEndpointRepository } from './notifications.ports';
import { WEBHOOK_EVENT_TYPES, createWebhookEndpointSchema } from './webhook-endpoint.schema';
import type { WebhookUrlGuard } from './webhook-url-guard';

/** What the caller sees once: the secret is never readable again (only rotated). */
export interface EndpointWithSecret {
  endpoint: WebhookEndpoint;
  secret: string;
}

export function canSeeEndpoint(principal: Principal, endpoint: Pick<WebhookEndpoint, 'partnerId'>): boolean {
  return principal.role === 'operator' || (principal.role === 'partner' && principal.partnerId === endpoint.partnerId);
}

/** Endpoint management for partner keys; operators may read. Invisible endpoints are 404. */
export class ManageWebhookEndpoints {
  constructor(
    private readonly deps: {
      unitOfWork: UnitOfWork;
      endpoints: WebhookEndpointRepository;
      deliveries: WebhookDeliveryRepository;
      guard: WebhookUrlGuard;
      sealer: SecretSealer;
      maxEndpointsPerPartner: number;
      secretGraceMs: number;
      onCommitted?: () => void;
      clock?: () => Date;
    },
  ) {}

  async create(principal: Principal, rawBody: unknown): Promise<EndpointWithSecret> {
    const partnerId = this.writingPartner(principal);
    const parsed = createWebhookEndpointSchema.safeParse(rawBody ?? {});
    if (!parsed.success) throw new WebhookValidationError(zodFieldErrors(parsed.error));
    const body = parsed.data;
    let url: URL;
    try {
      url = await this.deps.guard.check(body.url);
    } catch (error) {
      if (error instanceof WebhookUrlRefusedError) throw new WebhookValidationError([{ field: 'url', message: error.message }]);
      throw error;
    }
    const now = this.now();
    const secret = generateWebhookSecret();
    const endpoint: WebhookEndpoint = {
      id: randomUUID(),
      partnerId,
      url: url.toString(),
      eventTypes: body.eventTypes ?? [...WEBHOOK_EVENT_TYPES],
      description: body.description ?? null,
      enabled: true,
      disabledReason: null,
      secretSealed: this.deps.sealer.seal(secret),
      previousSecretSealed: null,
      previousSecretExpiresAt: null,
      health: HEALTHY,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.unitOfWork.transaction(async (tx) => {
      if ((await this.deps.endpoints.countByPartner(tx, partnerId)) >= this.deps.maxEndpointsPerPartner) {
        throw new WebhookConflictError(
          `A partner may have at most ${this.deps.maxEndpointsPerPartner} webhook endpoints; delete one first`,
        );
      }
      await this.deps.endpoints.insert(tx, endpoint);
    });
    return { endpoint, secret };
  }

  async list(principal: Principal): Promise<WebhookEndpoint[]> {
    if (principal.role === 'operator') return this.deps.endpoints.listByPartner(null);
    if (principal.role !== 'partner' || !principal.partnerId) return [];
    return this.deps.endpoints.listByPartner(principal.partnerId);
  }

  async get(principal: Principal, id: string): Promise<WebhookEndpoint> {
    const endpoint = /^[0-9a-f-]{36}$/i.test(id) ? await this.deps.endpoints.findById(id) : null;
    if (!endpoint || !canSeeEndpoint(principal, endpoint)) throw new WebhookEndpointNotFoundError(id);
    return endpoint;
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.owned(principal, id);
    const now = this.now();
    await this.deps.unitOfWork.transaction(async (tx) => {
      await this.deps.endpoints.markDeleted(tx, id, now);
      await this.deps.deliveries.failPendingOfEndpoint(tx, id, 'endpoint deleted', now);
    });
  }

  /** A new secret; the previous one keeps signing (both signatures sent) until the grace period ends. */
  async rotateSecret(principal: Principal, id: string): Promise<EndpointWithSecret> {
    await this.owned(principal, id);
    const now = this.now();
    const secret = generateWebhookSecret();
    await this.deps.unitOfWork.transaction(async (tx) => {
      const current = await this.deps.endpoints.findById(id, { tx, forUpdate: true });
      if (!current) throw new WebhookEndpointNotFoundError(id);
      await this.deps.endpoints.rotateSecret(
        tx,
        id,
        {
          current: this.deps.sealer.seal(secret),
          previous: current.secretSealed,
          previousExpiresAt: new Date(now.getTime() + this.deps.secretGraceMs),
        },
        now,
      );
    });
    return { endpoint: await this.get(principal, id), secret };
  }

  /** A `webhook.test` event, delivered (signed, retried, logged) like any other. */
  async sendTest(principal: Principal, id: string): Promise<WebhookDelivery> {
    const endpoint = await this.owned(principal, id);
    if (!endpoint.enabled)
      throw new WebhookConflictError(`The endpoint is disabled (${endpoint.disabledReason ?? 'disabled'}); create a new one`);
    const now = this.now();
    const deliveryId = randomUUID();
    const delivery = newDelivery(
      {
        id: deliveryId,
        endpointId: id,
        partnerId: endpoint.partnerId,
        eventId: null,
        orderId: null,
        messageId: `test_${deliveryId}`,
        eventType: TEST_EVENT_TYPE,
        body: testEventBody(id, now),
      },
      now,
    );
    await this.deps.unitOfWork.transaction(async (tx) => {
      await this.deps.deliveries.insertMany(tx, [delivery]);
      await writeOutbox(tx, [deliverCommand(delivery, 1)], now);
    });
    this.deps.onCommitted?.();
    return delivery;
  }

  /** An endpoint the caller may change: its own partner's; operators read only. */
  async owned(principal: Principal, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.get(principal, id);
    if (principal.role !== 'partner') throw new WebhookForbiddenError('Only the partner that owns a webhook endpoint may change it');
    return endpoint;
  }

  private writingPartner(principal: Principal): string {
    if (principal.role !== 'partner' || !principal.partnerId)
      throw new WebhookForbiddenError('Webhook endpoints are created with a partner key');
    return principal.partnerId;
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }
}
