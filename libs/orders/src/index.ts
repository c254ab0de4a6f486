export * from './domain/order-state-machine';
export * from './domain/order.model';
export * from './domain/order.errors';
export { ORDER_EVENT_TYPES, type OrderEvent, type OrderEventDraft, type OrderEventType } from './domain/order-event.model';
export { checkIntakeRules, type FieldError, type IntakeContext, type PlanFacts } from './domain/intake-rules';
export { TAX_ID_FORMATS, isWellFormedTaxId, taxIdRequired } from './domain/tax-id-rules';
export { canonicalJson, requestHash } from './domain/canonical-json';
export type {
  IdempotencyBegin,
  IdempotencyStore,
  OrderCursor,
  OrderEventStore,
  OrderFilter,
  OrderRepository,
  OrderingCustomer,
  OrderingParties,
  OrderingPartner,
} from './application/orders.ports';
export { CommitOrderChange, stepCommandToOutbox } from './application/commit-order-change.use-case';
export { SubmitOrder, type SubmitOrderResult } from './application/submit-order.use-case';
export { OrderQueries, type ListOrdersQuery } from './application/order-queries';
export { CancelOrder } from './application/cancel-order.use-case';
export { RunOrderStep, type StepJob, type StepJobResult } from './application/run-order-step.use-case';
export { recheckDelay, type StepContext, type StepHandler, type StepOutcome } from './application/step-handler.port';
export {
  readOrderProgress,
  tenantOf,
  type AccountProgress,
  type McaProgress,
  type OrderProgress,
  type QualificationProgress,
  type StepProgress,
  type SubscriptionProgress,
} from './domain/order-progress.model';
export { NO_EVENT_SINK, type OrderEventSink } from './application/order-event-sink';
export { NAME_CHARACTERS_MESSAGE, isPlainName } from './domain/text-rules';
export {
  mcaAttestationSchema,
  submitOrderSchema,
  zodFieldErrors,
  type McaAttestationBody,
  type SubmitOrderBody,
} from './application/submit-order.schema';
export { SqlOrderRepository } from './infrastructure/sql-order.repository';
export { SqlOrderEventStore } from './infrastructure/sql-order-event.store';
export { SqlIdempotencyStore } from './infrastructure/sql-idempotency.store';
export { SqlTimelineRecorder, type TimelineEntry, type TimelineKind } from './infrastructure/sql-timeline.recorder';
export { ReconcileOrders, type JobPresence, type JobPresenceLookup, type StaleOrderFinder } from './application/reconcile-orders.use-case';
export { PostMcaAttestation, ResumeOrder } from './application/resume-order.use-cases';
export { RetryFailedOrder } from './application/retry-failed-order.use-case';
export { OrderTimelineQuery, type TimelineItem, type TimelineReader } from './application/order-timeline.query';
export {
  SubscriptionQueries,
  type SubscriptionFilter,
  type SubscriptionReadModel,
  type SubscriptionView,
} from './application/subscription-queries';
export {
  createOrdersContext,
  type OrdersContext,
  type OrdersContextDeps,
  type StepRunnerOptions,
} from './infrastructure/orders.composition';
export { SqlSubscriptionReadModel } from './infrastructure/sql-subscription.read-model';
