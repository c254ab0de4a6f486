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
};

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** The OpenAPI document, built from the same zod schemas that validate requests. */
export function buildOpenApi(): OpenAPIObject {
  const id = { name: 'id', in: 'path' as const, required: true, schema: { type: 'string', format: 'uuid' } };
  return {
    openapi: '3.1.0',
    info: { title: 'NCE provisioning API', version: '1', description: 'Order Microsoft NCE licences through the CSP partner-led channel. Auth: Authorization: Bearer <api key>.' },
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
      },
    },
    security: [{ apiKey: [] }],
    paths: {
      '/v1/catalog/offers': { get: { summary: 'Every NCE plan, with the customer price of the caller\'s partner (price: { unitPrice, currency, billingCycle } per licence per billing period)', responses: { '200': { description: '{ items: [plan] }' }, ...errorResponses } } },
      '/v1/customers': {
        post: { summary: 'Create a customer (partner)', responses: { '201': { description: 'The customer' }, ...errorResponses } },
        get: { summary: 'List customers (partner)', responses: { '200': { description: '{ items, nextCursor }' }, ...errorResponses } },
      },
      '/v1/customers/{id}': { get: { summary: 'A customer', parameters: [id], responses: { '200': { description: 'The customer' }, ...errorResponses } } },
      '/v1/customers/{id}/api-keys': { post: { summary: 'Issue a customer API key (shown once)', parameters: [id], responses: { '201': { description: '{ apiKey }' }, ...errorResponses } } },
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
            '409': { description: 'Concurrent duplicate, or conflicting tenant link', content: { 'application/problem+json': { schema: problem } } },
            '413': { description: 'Body over 1 MB', content: { 'application/problem+json': { schema: problem } } },
            '422': { description: 'Idempotency-Key reused with another body', content: { 'application/problem+json': { schema: problem } } },
            ...errorResponses,
          },
        },
        get: { summary: 'List orders (filters status, customerId, domain, subscriptionId, failureCode; cursor)', responses: { '200': { description: '{ items, nextCursor }' }, ...errorResponses } },
      },
      '/v1/orders/{id}': { get: { summary: 'An order', parameters: [id], responses: { '200': { description: 'The order' }, ...errorResponses } } },
      '/v1/orders/{id}/events': { get: { summary: 'Order events: SSE, or JSON with Accept: application/json', parameters: [id], responses: { '200': { description: 'text/event-stream or { items }' }, ...errorResponses } } },
      '/v1/orders/{id}/resume': { post: { summary: '"I have done it": re-check the parked step now', parameters: [id], responses: { '200': { description: 'The order' }, '409': { description: 'Nothing to resume' }, ...errorResponses } } },
      '/v1/orders/{id}/mca-attestation': {
        post: {
          summary: 'The MCA signatory (partner attestation)',
          parameters: [id],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/McaAttestation' } } } },
          responses: { '200': { description: 'The order' }, '409': { description: 'The order does not wait for an attestation' }, ...errorResponses },
        },
      },
      '/v1/orders/{id}/admin-credentials': { get: { summary: 'Initial admin of a tenant created by the order (customer, partner; audited)', parameters: [id], responses: { '200': { description: '{ userName, password }' }, ...errorResponses } } },
      '/v1/customers/{id}/partner-roles': { get: { summary: 'Approved Partner Roles: last GDAP check, and a fresh one started', parameters: [id], responses: { '200': { description: '{ status, missingRoles, approvalUrl? }' }, ...errorResponses } } },
      '/v1/accounts/lookup': { get: { summary: 'Does a Microsoft account exist, with relationship and MCA state', parameters: [{ name: 'domain', in: 'query', required: true, schema: { type: 'string' } }], responses: { '200': { description: '{ exists, customerTenantId?, relationshipEstablished, mca }' }, '503': { description: 'Partner Center unavailable (Retry-After)' }, ...errorResponses } } },
      '/v1/me': { get: { summary: 'The caller: role, customer (id, name, linked tenant) and partner (channel, customer self-ordering and MCA attestation settings)', responses: { '200': { description: '{ role, customer?, partner }' }, ...errorResponses } } },
      '/v1/relationship-request': { get: { summary: 'The partner invitation link', responses: { '200': { description: '{ url }' }, ...errorResponses } } },
      '/v1/webhook-endpoints': {
        post: { summary: 'Create a webhook endpoint (secret shown once)', responses: { '201': { description: '{ id, url, eventTypes, description, enabled, secret }' }, ...errorResponses } },
        get: { summary: 'List webhook endpoints', responses: { '200': { description: '{ items }' }, ...errorResponses } },
      },
      '/v1/webhook-endpoints/{id}': {
        get: { summary: 'A webhook endpoint', parameters: [id], responses: { '200': { description: 'The endpoint' }, ...errorResponses } },
        delete: { summary: 'Delete a webhook endpoint', parameters: [id], responses: { '204': { description: 'Deleted' }, ...errorResponses } },
      },
      '/v1/webhook-endpoints/{id}/test': { post: { summary: 'Send a test event', parameters: [id], responses: { '202': { description: 'The delivery' }, ...errorResponses } } },
      '/v1/webhook-endpoints/{id}/rotate-secret': { post: { summary: 'Rotate the secret (both signatures during the grace period)', parameters: [id], responses: { '200': { description: '{ secret }' }, ...errorResponses } } },
      '/v1/webhook-endpoints/{id}/deliveries': { get: { summary: 'Deliveries with status codes and timings', parameters: [id], responses: { '200': { description: '{ items }' }, ...errorResponses } } },
      '/v1/webhook-deliveries/{id}/redeliver': { post: { summary: 'Redeliver one delivery', parameters: [id], responses: { '202': { description: 'The delivery' }, ...errorResponses } } },
      '/v1/orders/{id}/cancel': { post: { summary: 'Cancel before checkout', parameters: [id], responses: { '200': { description: 'The order' }, '409': { description: 'Checkout already recorded' }, ...errorResponses } } },
      '/v1/customers/{id}/panel-sessions': {
        post: {
          summary: 'A single-use panel sign-in link for the customer (partner); optional body { returnPath: "#/orders/…" }',
          parameters: [id],
          responses: { '201': { description: '{ url, expiresAt }: opening the url once, before expiresAt, starts an HttpOnly, SameSite=Strict cookie session' }, ...errorResponses },
        },
      },
      '/v1/panel-session': { delete: { summary: 'Sign out of the panel: ends the cookie session', responses: { '204': { description: 'Signed out' } } } },
      '/v1/subscriptions': { get: { summary: 'Subscriptions across orders (filters customerId, orderId; cursor, limit)', responses: { '200': { description: '{ items: [{ id, customerId, orderId, catalogItemId, title, quantity, status, termDuration, billingCycle, commitmentEndDate, price? }], nextCursor }' }, ...errorResponses } } },
      '/v1/subscriptions/{id}': { get: { summary: 'A subscription', parameters: [id], responses: { '200': { description: 'The subscription' }, ...errorResponses } } },
    },
  };
}

export function mountOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApi(), { jsonDocumentUrl: 'docs/openapi.json' });
}
