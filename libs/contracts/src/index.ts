export { ALL_QUEUES, QUEUES, type QueueName } from './queues';
export {
  JOB_NAMES,
  JOB_OPTIONS,
  JOB_PAYLOAD_SCHEMAS,
  JOB_TO_QUEUE,
  ORDER_STEP_JOBS,
  isJobName,
  orderStepJobId,
  parseJobPayload,
  webhookDeliveryJobId,
  type GdapCheckPayload,
  type JobItem,
  type JobName,
  type JobOf,
  type JobOptions,
  type JobPayloads,
  type OrderStepPayload,
  type WebhookDeliverPayload,
} from './jobs';
export { ROLES, canSee, type Principal, type Role } from './principal';
