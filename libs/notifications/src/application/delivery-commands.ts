import { randomUUID } from 'node:crypto';
import { JOB_NAMES, webhookDeliveryJobId } from '@nce/contracts';
import type { OutboxCommand } from '@nce/messaging';
import type { WebhookDelivery } from '../domain/webhook-delivery.model';

/** The job for attempt `attempt` of a delivery, written to the outbox in the transaction that decided it. */
export function deliverCommand(
  delivery: Pick<WebhookDelivery, 'id' | 'endpointId'>,
  attempt: number,
  delayMs = 0,
): OutboxCommand<'webhook.deliver'> {
  return {
    name: JOB_NAMES.webhookDeliver,
    jobId: webhookDeliveryJobId(delivery.id, attempt),
    data: { deliveryId: delivery.id, endpointId: delivery.endpointId, attempt },
    delayMs: delayMs > 0 ? delayMs : undefined,
  };
}

export function newDelivery(
  fields: Pick<WebhookDelivery, 'endpointId' | 'partnerId' | 'eventId' | 'orderId' | 'messageId' | 'eventType' | 'body'> & { id?: string },
  now: Date,
): WebhookDelivery {
  return {
    id: fields.id ?? randomUUID(),
    ...fields,
    status: 'pending',
    attempts: 0,
    roundAttempts: 0,
    nextAttemptAt: now,
    lastStatusCode: null,
    lastError: null,
    lastAttemptAt: null,
    createdAt: now,
    updatedAt: now,
    completedAt: null,
  };
}
