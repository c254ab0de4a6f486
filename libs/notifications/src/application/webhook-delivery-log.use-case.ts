import type { Principal } from '@nce/contracts';
import { writeOutbox } from '@nce/messaging';
import { type UnitOfWork, decodeKeysetCursor, encodeKeysetCursor } from '@nce/persistence';
import {
  WebhookConflictError,
  WebhookDeliveryNotFoundError,
  WebhookForbiddenError,
  WebhookValidationError,
} from '../domain/notifications.errors';
import type { WebhookDelivery } from '../domain/webhook-delivery.model';
import { deliverCommand } from './delivery-commands';
import { type ManageWebhookEndpoints, canSeeEndpoint } from './manage-webhook-endpoints.use-case';
import type { DeliveryPage, WebhookDeliveryRepository, WebhookEndpointRepository } from './notifications.ports';
import type { ListDeliveriesQuery } from './webhook-endpoint.schema';

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const position = decodeKeysetCursor(cursor);
  if (!position) throw new WebhookValidationError([{ field: 'cursor', message: 'Not a cursor returned by this API' }]);
  return position;
}

/** The delivery log of an endpoint (status codes, timings, attempts) and manual redelivery. */
export class WebhookDeliveryLog {
  constructor(
    private readonly deps: {
      unitOfWork: UnitOfWork;
      endpoints: WebhookEndpointRepository;
      deliveries: WebhookDeliveryRepository;
      manage: ManageWebhookEndpoints;
      onCommitted?: () => void;
      clock?: () => Date;
    },
  ) {}

  async list(
    principal: Principal,
    endpointId: string,
    query: ListDeliveriesQuery,
  ): Promise<{ items: DeliveryPage['items']; nextCursor: string | null }> {
    await this.deps.manage.get(principal, endpointId);
    const limit = query.limit === undefined ? 50 : Number(query.limit);
    if (limit < 1 || limit > 100) throw new WebhookValidationError([{ field: 'limit', message: 'Expected an integer from 1 to 100' }]);
    const page = await this.deps.deliveries.listByEndpoint(endpointId, {
      limit,
      status: query.status,
      before: query.cursor ? decodeCursor(query.cursor) : undefined,
    });
    return { items: page.items, nextCursor: page.nextCursor ? encodeKeysetCursor(page.nextCursor) : null };
  }

  /**
   * Sends a finished delivery again: same body and `webhook-id` (receivers that processed it ignore it),
   * a new round of the retry schedule.
   */
  async redeliver(principal: Principal, deliveryId: string): Promise<WebhookDelivery> {
    const delivery = /^[0-9a-f-]{36}$/i.test(deliveryId) ? await this.deps.deliveries.findById(deliveryId) : null;
    const endpoint = delivery ? await this.deps.endpoints.findById(delivery.endpointId) : null;
    if (!delivery || !endpoint || !canSeeEndpoint(principal, endpoint)) throw new WebhookDeliveryNotFoundError(deliveryId);
    if (principal.role !== 'partner') throw new WebhookForbiddenError('Only the partner that owns the endpoint may redeliver');
    if (!endpoint.enabled)
      throw new WebhookConflictError(`The endpoint is disabled (${endpoint.disabledReason ?? 'disabled'}); create a new one`);
    const now = this.deps.clock?.() ?? new Date();
    await this.deps.unitOfWork.transaction(async (tx) => {
      const current = await this.deps.deliveries.findById(deliveryId, { tx, forUpdate: true });
      if (!current || current.status === 'pending' || !(await this.deps.deliveries.restart(tx, deliveryId, now))) {
        throw new WebhookConflictError('The delivery is still scheduled; wait for its next attempt or for it to finish');
      }
      await writeOutbox(tx, [deliverCommand(current, current.attempts + 1)], now);
    });
    this.deps.onCommitted?.();
    return (await this.deps.deliveries.findById(deliveryId)) ?? delivery;
  }
}
