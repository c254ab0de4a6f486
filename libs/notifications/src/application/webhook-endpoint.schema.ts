import { SUBSCRIPTION_CHANGE_EVENT_TYPES } from '@nce/contracts';
import { ORDER_EVENT_TYPES } from '@nce/orders';
import { z } from 'zod';

/** The fixed event types a partner may subscribe to (DESIGN.md section 6; subscription changes: issue 17). */
export const WEBHOOK_EVENT_TYPES = [...ORDER_EVENT_TYPES, ...SUBSCRIPTION_CHANGE_EVENT_TYPES] as const;

/** Body of POST /v1/webhook-endpoints: strict (unknown fields refused), no coercion. */
export const createWebhookEndpointSchema = z.strictObject({
  url: z.string().min(1).max(2048),
  eventTypes: z
    .array(z.enum(WEBHOOK_EVENT_TYPES))
    .min(1, 'Subscribe to at least one event type, or leave eventTypes out for all of them')
    .refine((types) => new Set(types).size === types.length, 'Event types must be distinct')
    .optional(),
  description: z.string().trim().max(500).nullable().optional(),
});

export type CreateWebhookEndpointBody = z.infer<typeof createWebhookEndpointSchema>;

export const listDeliveriesQuerySchema = z.strictObject({
  status: z.enum(['pending', 'succeeded', 'failed']).optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'Expected an integer from 1 to 100')
    .optional(),
  cursor: z.string().max(200).optional(),
});

export type ListDeliveriesQuery = z.infer<typeof listDeliveriesQuerySchema>;
