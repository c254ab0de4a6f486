export { forbiddenAddressReason } from './domain/address-policy';
export { isAllowListed, parseAllowPattern } from './domain/url-allow-list';
export { WEBHOOK_SECRET_PREFIX, generateWebhookSecret, signWebhook, webhookSignatureHeader } from './domain/webhook-signature';
export {
  RETRY_SCHEDULE_MS,
  TEST_EVENT_TYPE,
  classifyResponse,
  nextAttemptDelayMs,
  orderEventMessageId,
  parseRetryAfter,
  webhookBody,
  type AttemptOutcome,
  type DeliveryAttempt,
  type DeliveryStatus,
  type WebhookDelivery,
} from './domain/webhook-delivery.model';
export {
  afterFailure,
  breakerGate,
  type BreakerPolicy,
  type DisabledReason,
  type EndpointHealth,
  type WebhookEndpoint,
} from './domain/webhook-endpoint.model';
export * from './domain/notifications.errors';
export type {
  DeliveryJobQueue,
  OrderEventScanStore,
  ScannedEvent,
  HostResolver,
  ResolvedAddress,
  SecretSealer,
  WebhookTransport,
} from './application/notifications.ports';
export { WebhookUrlGuard } from './application/webhook-url-guard';
export {
  WEBHOOK_EVENT_TYPES,
  createWebhookEndpointSchema,
  listDeliveriesQuerySchema,
  type ListDeliveriesQuery,
} from './application/webhook-endpoint.schema';
export { ManageWebhookEndpoints, canSeeEndpoint, type EndpointWithSecret } from './application/manage-webhook-endpoints.use-case';
export { WebhookDeliveryLog } from './application/webhook-delivery-log.use-case';
export {
  DeliverWebhook,
  type DeliverResult,
  type DeliverWebhookPolicy,
  type DeliveryObserver,
} from './application/deliver-webhook.use-case';
export { EndpointLanes } from './application/endpoint-lanes';
export { FanOutOrderEvents } from './application/fan-out-order-events.use-case';
export { ReconcileWebhookDeliveries } from './application/reconcile-webhook-deliveries.use-case';
export { PollingLoop } from './application/polling-loop';
export { OrderEventHub, type EventStreamSink, type OrderEventReader } from './application/order-event-hub';
export { RedisOrderEventSink, orderEventsChannel, parseWakeup, type OrderWakeup } from './infrastructure/redis-order-event-sink';
export { RedisOrderEventWakeups } from './infrastructure/redis-order-event-wakeups';
export { SqlWebhookEndpointRepository } from './infrastructure/sql-webhook-endpoint.repository';
export { SqlWebhookDeliveryRepository } from './infrastructure/sql-webhook-delivery.repository';
export { SqlOrderEventScanStore } from './infrastructure/sql-order-event-scan.store';
export { SqlEventScanStore, type EventScanSource } from './infrastructure/sql-event-scan.store';
export { SqlOrderEventFeed } from './infrastructure/sql-order-event-feed';
export { DnsHostResolver } from './infrastructure/dns-host.resolver';
export { HttpWebhookTransport } from './infrastructure/http-webhook.transport';
export { BullDeliveryJobQueue } from './infrastructure/bullmq-delivery-job.queue';
export {
  createNotificationsContext,
  type NotificationsContext,
  type NotificationsContextDeps,
} from './infrastructure/notifications.composition';
