export { ALL_QUEUES, QUEUES, type QueueName } from './queues';
export {
  JOB_NAMES,
  JOB_OPTIONS,
  JOB_PAYLOAD_SCHEMAS,
  JOB_TO_QUEUE,
  BULK_JOB_PRIORITY,
  RECHECK_JOB_PRIORITY,
  ORDER_PRIORITIES,
  ORDER_STEP_JOBS,
  jobPriorityOf,
  gdapCheckJobId,
  isJobName,
  orderStepJobId,
  parseJobPayload,
  webhookDeliveryJobId,
  subscriptionChangeJobId,
  subscriptionSyncJobId,
  type SubscriptionChangePayload,
  type SubscriptionSyncPayload,
  type GdapCheckPayload,
  type GdapCheckTrigger,
  type JobItem,
  type JobName,
  type JobOf,
  type JobOptions,
  type JobPayloads,
  type OrderPriority,
  type OrderStepPayload,
  type WebhookDeliverPayload,
} from './jobs';
export { ROLES, canSee, type Principal, type Role } from './principal';
export { SUBSCRIPTION_CHANGE_EVENT_TYPES, type SubscriptionChangeEventType } from './subscription-change-events';
export { DomainError, ERROR_KINDS, InvalidFieldsError, isDomainError, type ErrorKind, type FieldProblem } from './domain-error';
