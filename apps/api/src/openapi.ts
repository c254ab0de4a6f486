import { mcaAttestationSchema, submitOrderSchema } from '@nce/orders';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';

const problem = { $ref: '#/components/schemas/Problem' };
const errorResponses = {
  '400': { description: 'Invalid request', content: { 'application/problem+json': { schema: problem } } },
  '401': { description: 'Missing or unknown API key', content: { 'application/problem+json': { schema: problem } } },
  '403': { description: 'Visible but not allowed', content: { 'application/problem+json': { schema: problem } } },
  '404': { description: 'Not found (or not visible to this key)', content: { 'application/problem+json': { schema: problem } } },
  '429': {
    description:
      'Rate limit exceeded (per key, per client address without a key; tighter on fan-out calls). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset (seconds).',
    headers: {
      'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' },
      'RateLimit-Limit': { schema: { type: 'integer' } },
      'RateLimit-Remaining': { schema: { type: 'integer' } },
      'RateLimit-Reset': { schema: { type: 'integer' }, description: 'Seconds until the window resets' },
    },
    content: { 'application/problem+json': { schema: problem } },
  },
};

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** The OpenAPI document, built from the same zod schemas that validate requests. */
export function buildOpenApi(): OpenAPIObject {
  const id = { name: 'id', in: 'path' as const, required: true, schema: { type: 'string', format: 'uuid' } };
  return {
    openapi: '3.1.0',
    info: {
      title: 'NCE provisioning API',
      version: '1',
      description:
        'Order Microsoft NCE licences through the CSP partner-led channel. Auth: Authorization: Bearer <api key>. Rate limits per key and role (per client address without a valid key), shared by every API process: 429 + Retry-After, RateLimit-Limit / RateLimit-Remaining / RateLimit-Reset on every answer; calls that fan out to Partner Center (accounts/lookup, resume, webhook test, redeliver) have a tighter per-minute limit with a cool-down. Bodies are JSON only (415). Every /v1 answer is Cache-Control: no-store. Audit log: GET /v1/ops/audit.',
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
        OrderSubmission: jsonSchema(submitOrderSchema),
        McaAttestation: jsonSchema(mcaAttestationSchema),
        SubscriptionChangeRequest: {
          oneOf: [
            {
              type: 'object',
              additionalProperties: false,
              required: ['quantity'],
              properties: { quantity: { type: 'integer', minimum: 1 } },
            },
            { type: 'object', additionalProperties: false, required: ['autoRenew'], properties: { autoRenew: { type: 'boolean' } } },
            {
              type: 'object',
              additionalProperties: false,
              required: ['cancel'],
              properties: { cancel: { type: 'boolean', enum: [true] } },
            },
          ],
        },
      },
    },
    security: [{ apiKey: [] }],
    paths: {
      '/v1/catalog/offers': {
        get: {
          summary:
            "Every NCE plan, with the customer price of the caller's partner (price: { unitPrice, currency, billingCycle } per licence per billing period)",
          responses: { '200': { description: '{ items: [plan] }' }, ...errorResponses },
        },
      },
      '/v1/customers': {
        post: { summary: 'Create a customer (partner)', responses: { '201': { description: 'The customer' }, ...errorResponses } },
        get: { summary: 'List customers (partner)', responses: { '200': { description: '{ items, nextCursor }' }, ...errorResponses } },
      },
      '/v1/customers/{id}': {
        get: { summary: 'A customer', parameters: [id], responses: { '200': { description: 'The customer' }, ...errorResponses } },
      },
      '/v1/customers/{id}/api-keys': {
        post: {
          summary: 'Issue a customer API key (partner only; shown once; audited, createdBy recorded)',
          parameters: [id],
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  properties: { label: { type: 'string', maxLength: 200 }, expiresAt: { type: 'string', format: 'date-time' } },
                },
              },
            },
          },
          responses: { '201': { description: '{ apiKey, id, prefix, expiresAt? }' }, ...errorResponses },
        },
      },
      '/v1/api-keys': {
        get: {
          summary: "API keys: a partner its own and its customers' keys, an operator all (never the key itself)",
          parameters: [
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } },
          ],
          responses: {
            '200': {
              description:
                '{ items: [{ id, prefix, role, partnerId?, customerId?, label, scopes, createdAt, createdBy, lastUsedAt, expiresAt?, revokedAt? }], nextCursor }',
            },
            ...errorResponses,
          },
        },
      },
      '/v1/api-keys/{id}': {
        delete: {
          summary: 'Revoke a key (partner, operator): 401 on its next request in every process; audited',
          parameters: [id],
          responses: { '200': { description: 'The key, with revokedAt' }, ...errorResponses },
        },
      },
      '/v1/api-keys/{id}/rotate': {
        post: {
          summary: 'Rotate a key (partner; operators their own keys): a new key now, the old one until the grace period ends; audited',
          parameters: [id],
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  properties: { graceSeconds: { type: 'integer', minimum: 0, maximum: 2592000 } },
                },
              },
            },
          },
          responses: {
            '201': { description: 'The new key: { id, prefix, …, apiKey (shown once), previousKeyExpiresAt }' },
            ...errorResponses,
          },
        },
      },
      '/v1/partner/settings': {
        get: { summary: 'Partner settings', responses: { '200': { description: 'Settings' }, ...errorResponses } },
        put: { summary: 'Change partner settings', responses: { '200': { description: 'Settings' }, ...errorResponses } },
      },
      '/v1/orders': {
        post: {
          summary: 'Submit an order (202, asynchronous)',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', maxLength: 255 } }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/OrderSubmission' } } } },
          responses: {
            '202': { description: 'Accepted: the order' },
            '409': {
              description: 'Concurrent duplicate, or conflicting tenant link',
              content: { 'application/problem+json': { schema: problem } },
            },
            '413': { description: 'Body over 1 MB', content: { 'application/problem+json': { schema: problem } } },
            '422': {
              description: 'Idempotency-Key reused with another body',
              content: { 'application/problem+json': { schema: problem } },
            },
            ...errorResponses,
          },
        },
        get: {
          summary: 'List orders (filters status, customerId, domain, subscriptionId, failureCode; cursor)',
          responses: { '200': { description: '{ items, nextCursor }' }, ...errorResponses },
        },
      },
      '/v1/orders/{id}': {
        get: { summary: 'An order', parameters: [id], responses: { '200': { description: 'The order' }, ...errorResponses } },
      },
      '/v1/orders/{id}/events': {
        get: {
          summary: 'Order events: SSE, or JSON with Accept: application/json',
          parameters: [id],
          responses: { '200': { description: 'text/event-stream or { items }' }, ...errorResponses },
        },
      },
      '/v1/orders/{id}/resume': {
        post: {
          summary: '"I have done it": re-check the parked step now',
          parameters: [id],
          responses: { '200': { description: 'The order' }, '409': { description: 'Nothing to resume' }, ...errorResponses },
        },
      },
      '/v1/orders/{id}/mca-attestation': {
        post: {
          summary: 'The MCA signatory (partner attestation)',
          parameters: [id],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/McaAttestation' } } } },
          responses: {
            '200': { description: 'The order' },
            '409': { description: 'The order does not wait for an attestation' },
            ...errorResponses,
          },
        },
      },
      '/v1/orders/{id}/admin-credentials': {
        get: {
          summary: 'Initial admin of a tenant created by the order (customer, partner; audited)',
          parameters: [id],
          responses: { '200': { description: '{ userName, password }' }, ...errorResponses },
        },
      },
      '/v1/customers/{id}/partner-roles': {
        get: {
          summary: 'Approved Partner Roles: last GDAP check, and a fresh one started',
          parameters: [id],
          responses: { '200': { description: '{ status, missingRoles, approvalUrl? }' }, ...errorResponses },
        },
      },
      '/v1/accounts/lookup': {
        get: {
          summary: 'Does a Microsoft account exist, with relationship and MCA state',
          parameters: [{ name: 'domain', in: 'query', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description:
                "{ exists, customerTenantId?, relationshipEstablished, mca }: only what the caller's order needs; a tenant linked to another storefront's customer answers { exists: true, relationshipEstablished: false, mca: \"missing\" }, and customerTenantId goes to the tenant's own customer and partner only",
            },
            '503': { description: 'Partner Center unavailable (Retry-After)' },
            ...errorResponses,
          },
        },
      },
      '/v1/me': {
        get: {
          summary:
            'The caller: role, customer (id, name, linked tenant) and partner (channel, customer self-ordering and MCA attestation settings)',
          responses: { '200': { description: '{ role, customer?, partner }' }, ...errorResponses },
        },
      },
      '/v1/relationship-request': {
        get: { summary: 'The partner invitation link', responses: { '200': { description: '{ url }' }, ...errorResponses } },
      },
      '/v1/webhook-endpoints': {
        post: {
          summary: 'Create a webhook endpoint (secret shown once)',
          responses: { '201': { description: '{ id, url, eventTypes, description, enabled, secret }' }, ...errorResponses },
        },
        get: { summary: 'List webhook endpoints', responses: { '200': { description: '{ items }' }, ...errorResponses } },
      },
      '/v1/webhook-endpoints/{id}': {
        get: { summary: 'A webhook endpoint', parameters: [id], responses: { '200': { description: 'The endpoint' }, ...errorResponses } },
        delete: {
          summary: 'Delete a webhook endpoint',
          parameters: [id],
          responses: { '204': { description: 'Deleted' }, ...errorResponses },
        },
      },
      '/v1/webhook-endpoints/{id}/test': {
        post: { summary: 'Send a test event', parameters: [id], responses: { '202': { description: 'The delivery' }, ...errorResponses } },
      },
      '/v1/webhook-endpoints/{id}/rotate-secret': {
        post: {
          summary: 'Rotate the secret (both signatures during the grace period)',
          parameters: [id],
          responses: { '200': { description: '{ secret }' }, ...errorResponses },
        },
      },
      '/v1/webhook-endpoints/{id}/deliveries': {
        get: {
          summary: 'Deliveries with status codes and timings',
          parameters: [id],
          responses: { '200': { description: '{ items }' }, ...errorResponses },
        },
      },
      '/v1/webhook-deliveries/{id}/redeliver': {
        post: {
          summary: 'Redeliver one delivery',
          parameters: [id],
          responses: { '202': { description: 'The delivery' }, ...errorResponses },
        },
      },
      '/v1/orders/{id}/cancel': {
        post: {
          summary: 'Cancel before checkout',
          parameters: [id],
          responses: { '200': { description: 'The order' }, '409': { description: 'Checkout already recorded' }, ...errorResponses },
        },
      },
      ...operatorPaths(id),
      ...publicPaths(),
      '/v1/customers/{id}/panel-sessions': {
        post: {
          summary: 'A single-use panel sign-in link for the customer (partner); optional body { returnPath: "#/orders/…" }',
          parameters: [id],
          responses: {
            '201': {
              description: '{ url, expiresAt }: opening the url once, before expiresAt, starts an HttpOnly, SameSite=Strict cookie session',
            },
            ...errorResponses,
          },
        },
      },
      '/panel-link/{secret}': {
        get: {
          summary:
            'Opens a panel sign-in link once (public): sets the HttpOnly, SameSite=Strict session cookie and redirects to the panel; a used, expired or unknown link redirects to the sign-in page',
          parameters: [{ name: 'secret', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '302': { description: 'Redirect to the panel (signed in) or to its sign-in page (with the reason)' } },
        },
      },
      '/v1/panel-session': {
        delete: { summary: 'Sign out of the panel: ends the cookie session', responses: { '204': { description: 'Signed out' } } },
      },
      '/v1/subscriptions': {
        get: {
          summary: 'Subscriptions across orders (filters customerId, orderId; cursor, limit), filled from our copy of Partner Center',
          responses: {
            '200': {
              description:
                '{ items: [{ id, customerId, orderId, catalogItemId, title, quantity, status, termDuration, billingCycle, commitmentEndDate, autoRenew, refundableQuantity: [{ quantity, allowedUntil }], cancellableUntil?, price?, minQuantity, maxQuantity, pendingChange?: { id, kind, status }, syncedAt }], nextCursor }',
            },
            ...errorResponses,
          },
        },
      },
      '/v1/subscriptions/{id}': {
        get: { summary: 'A subscription', parameters: [id], responses: { '200': { description: 'The subscription' }, ...errorResponses } },
      },
      '/v1/subscriptions/{id}/changes': {
        post: {
          summary: 'Change a subscription (202, asynchronous): exactly one of { quantity }, { autoRenew }, { cancel: true }',
          parameters: [id, { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', maxLength: 255 } }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/SubscriptionChangeRequest' } } },
          },
          responses: {
            '202': {
              description:
                'Accepted: the change { id, subscriptionId, customerId, kind, status, requested, previous, delay?, failure?, createdAt, updatedAt, links }',
            },
            '409': {
              description: 'code CHANGE_IN_FLIGHT, SUBSCRIPTION_NOT_ACTIVE or SUBSCRIPTION_NOT_SYNCED; or a concurrent duplicate',
              content: { 'application/problem+json': { schema: problem } },
            },
            '422': {
              description:
                'code REDUCTION_EXCEEDS_REFUNDABLE, REFUND_WINDOW_CLOSED or QUANTITY_OUT_OF_RANGE; or Idempotency-Key reused with another body',
              content: { 'application/problem+json': { schema: problem } },
            },
            ...errorResponses,
          },
        },
      },
      '/v1/subscription-changes': {
        get: {
          summary: "A subscription's changes, newest first",
          parameters: [{ name: 'subscriptionId', in: 'query', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: '{ items, nextCursor: null }' }, ...errorResponses },
        },
      },
      '/v1/subscription-changes/{id}': {
        get: { summary: 'A subscription change', parameters: [id], responses: { '200': { description: 'The change' }, ...errorResponses } },
      },
      '/v1/subscription-changes/{id}/events': {
        get: {
          summary: 'Change events: SSE (Last-Event-ID), or JSON with Accept: application/json',
          parameters: [id],
          responses: {
            '200': { description: 'text/event-stream or { items: [{ sequence, type, occurredAt, data }] }' },
            ...errorResponses,
          },
        },
      },
    },
  };
}

/** The operator API (operator key; every action audited) and the order timeline. */
function operatorPaths(id: Record<string, unknown>): Record<string, unknown> {
  const queue = {
    name: 'name',
    in: 'path' as const,
    required: true,
    schema: { type: 'string' },
    description: 'queue name (GET /v1/ops/queues)',
  };
  const queueFilter = { name: 'queue', in: 'query' as const, required: false, schema: { type: 'string', maxLength: 64 } };
  const limit = { name: 'limit', in: 'query' as const, required: false, schema: { type: 'integer', minimum: 1, maximum: 500 } };
  const operator = (summary: string, extra: Record<string, unknown> = {}, ok = 'OK'): Record<string, unknown> => ({
    summary: `${summary} (operator)`,
    tags: ['operations'],
    ...extra,
    responses: { '200': { description: ok }, ...errorResponses },
  });
  return {
    '/v1/ops/queues': { get: operator('Every queue with its counts and paused state', {}, '{ items: [{ name, counts, paused }] }') },
    '/v1/ops/queues/{name}/pause': { post: operator('Pause a queue (running jobs finish)', { parameters: [queue] }) },
    '/v1/ops/queues/{name}/resume': { post: operator('Resume a paused queue', { parameters: [queue] }) },
    '/v1/ops/queues/{name}/dead-letters/replay': {
      post: operator('Replay every dead letter of a queue', { parameters: [queue] }, '{ replayed }'),
    },
    '/v1/ops/dead-letters': {
      get: operator('Dead letters (failed jobs that will not retry)', { parameters: [queueFilter, limit] }, '{ items }'),
    },
    '/v1/ops/dead-letters/{id}/replay': {
      post: operator('Replay one dead letter', {
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: '`<queue>:<jobId>` or a job id with ?queue=' },
          queueFilter,
        ],
      }),
    },
    '/v1/ops/orders/{id}/retry': { post: operator('Retry a failed order from its failed step', { parameters: [id] }, 'The order') },
    '/v1/ops/audit': {
      get: operator(
        'The audit log, newest first',
        {
          parameters: [
            { name: 'targetType', in: 'query', required: false, schema: { type: 'string', maxLength: 32 } },
            { name: 'targetId', in: 'query', required: false, schema: { type: 'string', maxLength: 100 } },
            { name: 'before', in: 'query', required: false, schema: { type: 'string', pattern: '^\\d{1,18}$' } },
            limit,
          ],
        },
        '{ items, nextBefore }',
      ),
    },
    '/v1/orders/{id}/timeline': {
      get: operator(
        "An order's events, job attempts, Partner Center calls, webhook deliveries and operator actions in time order",
        { parameters: [id] },
        '{ items }',
      ),
    },
  };
}

/** Routes without an API key: an index, health and metrics (keep /metrics on an internal network). */
function publicPaths(): Record<string, unknown> {
  const open = (summary: string, ok: string): Record<string, unknown> => ({
    summary,
    tags: ['public'],
    security: [],
    responses: { '200': { description: ok } },
  });
  return {
    '/': { get: open('Where things are: OpenAPI, the panel, health', '{ service, links }') },
    '/health/live': { get: open('The process answers', '{ status }') },
    '/health/ready': {
      get: {
        ...open('MySQL and Redis answer (breaker states in details)', '{ status, details }'),
        responses: { '200': { description: 'ready' }, '503': { description: 'not ready' } },
      },
    },
    '/metrics': { get: open('Prometheus metrics', 'text/plain; version=0.0.4') },
  };
}

/** `GET /`: a short index instead of a bare 404 (registered on fastify directly, outside the API-key guard). */
export function rootIndex(): Record<string, unknown> {
  return {
    service: 'NCE provisioning API',
    links: { openapi: '/docs/openapi.json', docs: '/docs/', panel: '/panel/', health: '/health/ready', metrics: '/metrics' },
    auth: 'Authorization: Bearer <api key>',
  };
}

export function mountOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApi(), { jsonDocumentUrl: 'docs/openapi.json' });
  app
    .getHttpAdapter()
    .getInstance()
    .get('/', (_request, reply) => reply.send(rootIndex()));
}
