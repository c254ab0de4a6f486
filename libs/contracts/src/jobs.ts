import { z } from 'zod';
import { QUEUES, type QueueName } from './queues';

/** Job names are persisted in Redis with the jobs: rename only with a drain plan. */
export const JOB_NAMES = {
  orderAccount: 'order.account',
  orderMca: 'order.mca',
  orderQualification: 'order.qualification',
  orderSubscription: 'order.subscription',
  gdapCheck: 'gdap.check',
  webhookDeliver: 'webhook.deliver',
  subscriptionChange: 'subscription.change',
  subscriptionSync: 'subscription.sync',
} as const;

export type JobName = (typeof JOB_NAMES)[keyof typeof JOB_NAMES];

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);

// Payloads carry ids, never entities: handlers re-read MySQL and skip work already done.
export const ORDER_PRIORITIES = ['interactive', 'bulk'] as const;
export type OrderPriority = (typeof ORDER_PRIORITIES)[number];
// `priority` is absent for interactive orders (the default), so their payloads stay as they were.
export const orderStepPayloadSchema = z.strictObject({
  orderId: uuid,
  run: z.number().int().positive(),
  correlationId: uuid,
  priority: z.enum(ORDER_PRIORITIES).optional(),
});
export const gdapCheckPayloadSchema = z.strictObject({
  customerId: uuid,
  reason: z.enum(['new_tenant', 'order_completed', 'roles_changed', 'requested', 'recheck']),
  correlationId: uuid,
  orderId: uuid.optional(),
});
// `attempt` is the delivery attempt this job makes: a job whose attempt is stale finds nothing to do.
// `endpointId` lets a worker apply per-endpoint concurrency before any database read.
export const webhookDeliverPayloadSchema = z.strictObject({ deliveryId: uuid, endpointId: uuid, attempt: z.number().int().positive() });

// A subscription change (issue 17): `run` as for orders, so a re-driven change gets a fresh job id.
export const subscriptionChangePayloadSchema = z.strictObject({ changeId: uuid, run: z.number().int().positive(), correlationId: uuid });
// Refresh our copy of a customer's subscriptions from Partner Center (all of them, or the ones named).
export const subscriptionSyncPayloadSchema = z.strictObject({
  customerId: uuid,
  subscriptionIds: z.array(z.string().min(1).max(64)).max(100).optional(),
  reason: z.enum(['order_completed', 'requested', 'periodic']),
  correlationId: uuid,
});

export type OrderStepPayload = z.infer<typeof orderStepPayloadSchema>;
export type GdapCheckPayload = z.infer<typeof gdapCheckPayloadSchema>;
export type WebhookDeliverPayload = z.infer<typeof webhookDeliverPayloadSchema>;
export type SubscriptionChangePayload = z.infer<typeof subscriptionChangePayloadSchema>;
export type SubscriptionSyncPayload = z.infer<typeof subscriptionSyncPayloadSchema>;

export interface JobPayloads {
  'order.account': OrderStepPayload;
  'order.mca': OrderStepPayload;
  'order.qualification': OrderStepPayload;
  'order.subscription': OrderStepPayload;
  'gdap.check': GdapCheckPayload;
  'webhook.deliver': WebhookDeliverPayload;
  'subscription.change': SubscriptionChangePayload;
  'subscription.sync': SubscriptionSyncPayload;
}

/** Discriminated union of every job: `{ name, data }` with the payload type tied to the name. */
export type JobItem = { [N in JobName]: { name: N; data: JobPayloads[N] } }[JobName];
export type JobOf<N extends JobName> = Extract<JobItem, { name: N }>;

export const JOB_PAYLOAD_SCHEMAS: { [N in JobName]: z.ZodType<JobPayloads[N]> } = {
  'order.account': orderStepPayloadSchema,
  'order.mca': orderStepPayloadSchema,
  'order.qualification': orderStepPayloadSchema,
  'order.subscription': orderStepPayloadSchema,
  'gdap.check': gdapCheckPayloadSchema,
  'webhook.deliver': webhookDeliverPayloadSchema,
  'subscription.change': subscriptionChangePayloadSchema,
  'subscription.sync': subscriptionSyncPayloadSchema,
};

export const JOB_TO_QUEUE: Record<JobName, QueueName> = {
  'order.account': QUEUES.subscription,
  'order.mca': QUEUES.mca,
  'order.qualification': QUEUES.subscription,
  'order.subscription': QUEUES.subscription,
  'gdap.check': QUEUES.gdap,
  'webhook.deliver': QUEUES.notifications,
  'subscription.change': QUEUES.subscription,
  'subscription.sync': QUEUES.subscription,
};

export interface JobOptions {
  attempts: number;
  backoff: { type: 'exponential' | 'fixed'; delay: number };
  removeOnComplete: { age: number; count: number };
  removeOnFail: { age: number; count: number };
}

const keepDay = { age: 24 * 3600, count: 10_000 };
const keepWeek = { age: 7 * 24 * 3600, count: 50_000 };

// Attempts count only real failures: throttling and open breakers re-delay the job without burning one.
export const JOB_OPTIONS: Record<JobName, JobOptions> = {
  'order.account': { attempts: 8, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: keepDay, removeOnFail: keepWeek },
  'order.mca': { attempts: 8, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: keepDay, removeOnFail: keepWeek },
  'order.qualification': { attempts: 8, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: keepDay, removeOnFail: keepWeek },
  'order.subscription': { attempts: 10, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: keepDay, removeOnFail: keepWeek },
  'gdap.check': { attempts: 10, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: keepDay, removeOnFail: keepWeek },
  // Webhook retries follow their own schedule (DESIGN.md section 6), driven by the delivery table: an
  // HTTP failure is recorded and a new job scheduled, never thrown. These attempts only cover our own
  // infrastructure errors (MySQL unavailable), and the delivery reconciler covers what they miss.
  'webhook.deliver': { attempts: 5, backoff: { type: 'exponential', delay: 1_000 }, removeOnComplete: keepDay, removeOnFail: keepWeek },
  // Like the checkout: each retry reads the subscription back and resends the same MS-RequestId.
  'subscription.change': {
    attempts: 10,
    backoff: { type: 'exponential', delay: 2_000 },
    removeOnComplete: keepDay,
    removeOnFail: keepWeek,
  },
  'subscription.sync': { attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: keepDay, removeOnFail: keepWeek },
};

export const ORDER_STEP_JOBS = {
  account: JOB_NAMES.orderAccount,
  mca: JOB_NAMES.orderMca,
  qualification: JOB_NAMES.orderQualification,
  subscription: JOB_NAMES.orderSubscription,
} as const;

/**
 * BullMQ job priority of a payload: none (the plain wait list, served first) for interactive work,
 * a lower rank for bulk orders, so that a customer's order never waits behind someone's batch. GDAP
 * checks that nobody waits for (every customer after a roles change, the re-checks of a pending
 * approval) rank likewise, so that the "Approved Partner Roles" button is answered first.
 */
export function jobPriorityOf(data: unknown): number | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const payload = data as { priority?: unknown; reason?: unknown };
  if (payload.priority === 'bulk') return BULK_JOB_PRIORITY;
  if (payload.reason === 'roles_changed') return BULK_JOB_PRIORITY;
  if (payload.reason === 'recheck') return RECHECK_JOB_PRIORITY;
  return undefined;
}

export const BULK_JOB_PRIORITY = 10;
/** Re-checks of parked orders come after bulk work: 100,000 of them must not starve an active order. */
export const RECHECK_JOB_PRIORITY = 20;

/** Deterministic job id `<step>-<orderId>-<run>` (BullMQ forbids `:` in custom ids). */
export function orderStepJobId(step: keyof typeof ORDER_STEP_JOBS, orderId: string, run: number): string {
  return `${step}-${orderId}-${run}`;
}

/**
 * What makes a GDAP check unique: a new tenant (one check per tenant), an order completed (one per
 * order), a button press or a roles change (one per 5 s bucket), any other reason (one per customer).
 */
export type GdapCheckTrigger =
  | { reason: 'new_tenant'; tenantId: string }
  | { reason: 'order_completed'; orderId: string }
  | { reason: 'requested' | 'roles_changed'; atMs: number }
  | { reason: Exclude<GdapCheckPayload['reason'], 'new_tenant' | 'order_completed' | 'requested' | 'roles_changed'> };

/** Deterministic `gdap.check` job id: the same trigger never queues a second check. */
export function gdapCheckJobId(customerId: string, trigger: GdapCheckTrigger): string {
  switch (trigger.reason) {
    case 'new_tenant':
      return `gdap-${customerId}-new-${trigger.tenantId}`;
    case 'order_completed':
      return `gdap-${customerId}-order-${trigger.orderId}`;
    case 'requested':
    case 'roles_changed':
      return `gdap-${customerId}-${trigger.reason}-${Math.floor(trigger.atMs / 5000)}`;
    default:
      return `gdap-${customerId}-${trigger.reason}`;
  }
}

/** Deterministic job id `subscription-change-<changeId>-<run>` (as for order steps). */
export function subscriptionChangeJobId(changeId: string, run: number): string {
  return `subscription-change-${changeId}-${run}`;
}

/** One sync of a subscription per 5-second window: a burst of refused requests queues one read. */
export function subscriptionSyncJobId(subscriptionId: string, at: Date): string {
  return `subscription-sync-${subscriptionId}-${Math.floor(at.getTime() / 5_000)}`;
}

/** Deterministic job id `webhook-<deliveryId>-<attempt>`: one job per delivery attempt. */
export function webhookDeliveryJobId(deliveryId: string, attempt: number): string {
  return `webhook-${deliveryId}-${attempt}`;
}

export function parseJobPayload<N extends JobName>(name: N, data: unknown): JobPayloads[N] {
  return JOB_PAYLOAD_SCHEMAS[name].parse(data);
}

export function isJobName(name: string): name is JobName {
  return Object.prototype.hasOwnProperty.call(JOB_TO_QUEUE, name);
}
