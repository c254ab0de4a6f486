import type { DeliveryAttempt, WebhookDelivery, WebhookEndpoint } from '@nce/notifications';

/** `{ id, url, eventTypes, description, enabled, createdAt, disabledReason? }` (DESIGN.md section 9). */
export function presentEndpoint(endpoint: WebhookEndpoint): Record<string, unknown> {
  return {
    id: endpoint.id,
    url: endpoint.url,
    eventTypes: endpoint.eventTypes,
    description: endpoint.description,
    enabled: endpoint.enabled,
    createdAt: endpoint.createdAt.toISOString(),
    ...(endpoint.disabledReason ? { disabledReason: endpoint.disabledReason } : {}),
    // Operators read every partner's endpoints: say whose it is.
    partnerId: endpoint.partnerId,
  };
}

export function presentDelivery(delivery: WebhookDelivery & { attemptLog?: DeliveryAttempt[] }): Record<string, unknown> {
  return {
    id: delivery.id,
    endpointId: delivery.endpointId,
    webhookId: delivery.messageId,
    eventType: delivery.eventType,
    orderId: delivery.orderId,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.status === 'pending' && delivery.nextAttemptAt ? delivery.nextAttemptAt.toISOString() : null,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt.toISOString(),
    completedAt: delivery.completedAt?.toISOString() ?? null,
    ...(delivery.attemptLog
      ? {
          attemptLog: delivery.attemptLog.map((attempt) => ({
            attempt: attempt.attempt,
            at: attempt.startedAt.toISOString(),
            statusCode: attempt.statusCode,
            durationMs: attempt.durationMs,
            error: attempt.error,
          })),
        }
      : {}),
  };
}
