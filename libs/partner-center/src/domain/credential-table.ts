/**
 * Which credential types Microsoft accepts for each Partner Center / Graph operation of the flow
 * (partner-center-api.md §1.2, revised table). ONE table: the client picks its token from it and the
 * simulator refuses from it what Microsoft refuses (403 900329). A unit test holds it against the
 * documented table row by row.
 *
 * - `app+user`: App+User only (an app-only token gets 403 900329);
 * - `app`: AppOnly only (an App+User token gets 403 900329);
 * - `either`: both work; the client sends app-only, because app-only calls depend neither on the
 *   partner admin's refresh token (revoked by a password reset, 90 days) nor on MFA enforcement.
 */
export type CredentialRule = 'app' | 'app+user' | 'either';

/** The token a call is sent with (`app`: client credentials; `app+user`: the Secure Application Model refresh token). */
export type CredentialType = 'app' | 'app+user';

export type CredentialTarget = 'partner_center' | 'graph';

/** A request body variant that changes the rule of one path (same method and path, different operation). */
export type CredentialVariant = 'indirect_reseller' | 'from_attestation' | 'legacy_attestation';

export interface CredentialRow {
  operation: string;
  target: CredentialTarget;
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path template with `{name}` placeholders, without the query string. */
  template: string;
  variant?: CredentialVariant;
  accepts: CredentialRule;
  /** The documentation page that states the rule; "assumed" where Microsoft is silent. */
  source: string;
  /** Microsoft retired the operation: the simulator refuses it whatever the token. */
  retired?: string;
}

const PC = 'partner_center' as const;
const GRAPH = 'graph' as const;
const GDAP = '/v1.0/tenantRelationships/delegatedAdminRelationships';
const CATALOG_SOURCE = '[PC-DOCS get-a-list-of-products]';
const COMMERCE_SOURCE = '[PC-DOCS create-a-cart, checkout-a-cart, get-a-list-of-subscriptions-by-order]';
const GDAP_WRITE_SOURCE =
  '[GRAPH tenantrelationship-post-delegatedadminrelationships, delegatedadminrelationship-post-requests, delegatedadminrelationship-post-accessassignments] application permission needs the service principal 2832473f-ec63-45fb-976f-5d45a7d4bb91';
const GDAP_READ_SOURCE = '[GRAPH delegatedadminrelationship-get, delegatedadminaccessassignment-get]';

function catalogRows(prefix: string, scope: string): CredentialRow[] {
  return [
    {
      operation: `Catalog: products${scope}`,
      target: PC,
      method: 'GET',
      template: `${prefix}/products`,
      accepts: 'either',
      source: CATALOG_SOURCE,
    },
    {
      operation: `Catalog: product${scope}`,
      target: PC,
      method: 'GET',
      template: `${prefix}/products/{productId}`,
      accepts: 'either',
      source: CATALOG_SOURCE,
    },
    {
      operation: `Catalog: skus${scope}`,
      target: PC,
      method: 'GET',
      template: `${prefix}/products/{productId}/skus`,
      accepts: 'either',
      source: CATALOG_SOURCE,
    },
    {
      operation: `Catalog: sku${scope}`,
      target: PC,
      method: 'GET',
      template: `${prefix}/products/{productId}/skus/{skuId}`,
      accepts: 'either',
      source: CATALOG_SOURCE,
    },
    {
      operation: `Catalog: availabilities${scope}`,
      target: PC,
      method: 'GET',
      template: `${prefix}/products/{productId}/skus/{skuId}/availabilities`,
      accepts: 'either',
      source: CATALOG_SOURCE,
    },
    {
      operation: `Catalog: availability${scope}`,
      target: PC,
      method: 'GET',
      template: `${prefix}/products/{productId}/skus/{skuId}/availabilities/{availabilityId}`,
      accepts: 'either',
      source: CATALOG_SOURCE,
    },
  ];
}

export const CREDENTIAL_TABLE: readonly CredentialRow[] = [
  // Pricing (Partner API host api.partner.microsoft.com; the audience is assumed to be Partner Center's)
  {
    operation: 'New commerce license-based price sheet',
    target: PC,
    method: 'GET',
    template: "/v1.0/sales/pricesheets(Market='{market}',PricesheetView='{view}')/$value",
    accepts: 'app+user',
    source: '[PC-DOCS get-a-price-sheet: App+User only]',
  },
  // Customers, domain check, relationships
  {
    operation: 'Create customer',
    target: PC,
    method: 'POST',
    template: '/v1/customers',
    accepts: 'either',
    source: '[PC-DOCS create-a-customer]',
  },
  {
    operation: 'Create customer for an indirect reseller',
    target: PC,
    method: 'POST',
    template: '/v1/customers',
    variant: 'indirect_reseller',
    accepts: 'app+user',
    source: '[PC-DOCS create-a-customer-for-an-indirect-reseller]',
  },
  {
    operation: 'Get customer by id',
    target: PC,
    method: 'GET',
    template: '/v1/customers/{id}',
    accepts: 'either',
    source: '[PC-DOCS get-a-customer-by-id]',
  },
  {
    operation: 'List or filter customers',
    target: PC,
    method: 'GET',
    template: '/v1/customers',
    accepts: 'either',
    source: '[PC-DOCS get-a-customer-by-name]',
  },
  {
    operation: 'Check domain availability',
    target: PC,
    method: 'HEAD',
    template: '/v1/domains/{domain}',
    accepts: 'either',
    source: '[PC-DOCS verify-domain-availability]',
  },
  {
    operation: 'Get reseller relationship request link',
    target: PC,
    method: 'GET',
    template: '/v1/customers/relationshiprequests',
    accepts: 'app+user',
    source: '[PC-DOCS request-reseller-relationship]',
  },
  {
    operation: 'Indirect resellers of a customer',
    target: PC,
    method: 'GET',
    template: '/v1/customers/{id}/relationships',
    accepts: 'app+user',
    source: '[PC-DOCS get-indirect-resellers-of-a-customer]',
  },
  // Agreements (MCA)
  {
    operation: 'Agreement metadata (legacy API)',
    target: PC,
    method: 'GET',
    template: '/v1/agreements',
    accepts: 'app+user',
    source: '[PC-DOCS get-customer-agreement-metadata]',
  },
  {
    operation: 'Customer agreements (legacy API)',
    target: PC,
    method: 'GET',
    template: '/v1/customers/{id}/agreements',
    accepts: 'app+user',
    source: '[PC-DOCS get-confirmation-of-customer-agreement]',
  },
  {
    operation: 'Create agreement (legacy partner attestation)',
    target: PC,
    method: 'POST',
    template: '/v1/customers/{id}/agreements',
    variant: 'legacy_attestation',
    accepts: 'app+user',
    source: '[PC-DOCS confirm-customer-consent-customer-agreement]',
    retired: '2026-01-05',
  },
  {
    operation: 'Create agreement from an enhanced attestation',
    target: PC,
    method: 'POST',
    template: '/v1/customers/{id}/agreements',
    variant: 'from_attestation',
    accepts: 'app',
    source: '[PC-DOCS customers/integrate-sandbox-confirm-customer-accept] step 3 of the AppOnly flow; body shape assumed',
  },
  {
    operation: 'Direct-sign MCA status',
    target: PC,
    method: 'GET',
    template: '/v1/customers/{id}/directSignedMicrosoftCustomerAgreementStatus',
    accepts: 'app+user',
    source: '[PC-DOCS get-direct-sign-status-of-customer-agreement]',
  },
  {
    operation: 'Enhanced MCA attestation: create',
    target: PC,
    method: 'POST',
    template: '/v1/attestations/enhanced',
    accepts: 'app',
    source: '[PC-DOCS customers/integrate-sandbox-confirm-customer-accept]',
  },
  {
    operation: 'Enhanced MCA attestation: read',
    target: PC,
    method: 'GET',
    template: '/v1/attestations/enhanced/{id}',
    accepts: 'app',
    source: 'assumed (same API as create; the read route is not published)',
  },
  // Qualifications and validation status
  {
    operation: 'Create qualification',
    target: PC,
    method: 'POST',
    template: '/v1/customers/{id}/qualifications',
    accepts: 'app+user',
    source: '[PC-DOCS update-customer-qualification-asynchronous]',
  },
  {
    operation: 'Get qualifications',
    target: PC,
    method: 'GET',
    template: '/v1/customers/{id}/qualifications',
    accepts: 'either',
    source: '[PC-DOCS get-customer-qualification-asynchronous]',
  },
  {
    operation: 'Customer validation status',
    target: PC,
    method: 'GET',
    template: '/v1/customers/{id}/validationStatus',
    accepts: 'app+user',
    source: '[PC-DOCS retrieve-validation-status]',
  },
  // Catalog
  ...catalogRows('/v1', ''),
  ...catalogRows('/v1/customers/{id}', ' (customer scoped)'),
  {
    operation: 'Catalog: product promotions',
    target: PC,
    method: 'GET',
    template: '/v1/productpromotions',
    accepts: 'either',
    source: CATALOG_SOURCE,
  },
  // Carts, orders, subscriptions
  {
    operation: 'Create cart',
    target: PC,
    method: 'POST',
    template: '/v1/customers/{id}/carts',
    accepts: 'either',
    source: COMMERCE_SOURCE,
  },
  {
    operation: 'Update cart',
    target: PC,
    method: 'PUT',
    template: '/v1/customers/{id}/carts/{cartId}',
    accepts: 'either',
    source: COMMERCE_SOURCE,
  },
  {
    operation: 'Get cart',
    target: PC,
    method: 'GET',
    template: '/v1/customers/{id}/carts/{cartId}',
    accepts: 'either',
    source: COMMERCE_SOURCE,
  },
  {
    operation: 'Checkout cart',
    target: PC,
    method: 'POST',
    template: '/v1/customers/{id}/carts/{cartId}/checkout',
    accepts: 'either',
    source: COMMERCE_SOURCE,
  },
  {
    operation: 'List orders',
    target: PC,
    method: 'GET',
    template: '/v1/customers/{id}/orders',
    accepts: 'either',
    source: COMMERCE_SOURCE,
  },
  {
    operation: 'Get order',
    target: PC,
    method: 'GET',
    template: '/v1/customers/{id}/orders/{orderId}',
    accepts: 'either',
    source: COMMERCE_SOURCE,
  },
  {
    operation: 'Order provisioning status',
    target: PC,
    method: 'GET',
    template: '/v1/customers/{id}/orders/{orderId}/provisioningstatus',
    accepts: 'app+user',
    source: '[PC-DOCS get-order-provisioning-status]',
  },
  {
    operation: 'List subscriptions',
    target: PC,
    method: 'GET',
    template: '/v1/customers/{id}/subscriptions',
    accepts: 'either',
    source: COMMERCE_SOURCE,
  },
  {
    operation: 'Get subscription',
    target: PC,
    method: 'GET',
    template: '/v1/customers/{id}/subscriptions/{subscriptionId}',
    accepts: 'either',
    source: COMMERCE_SOURCE,
  },
  {
    operation: 'Update subscription',
    target: PC,
    method: 'PATCH',
    template: '/v1/customers/{id}/subscriptions/{subscriptionId}',
    accepts: 'either',
    source:
      '[PC-DOCS change-the-quantity-of-a-subscription, cancel-an-azure-marketplace-subscription: "both standalone App and App+User credentials"]',
  },
  {
    operation: 'Subscription provisioning status',
    target: PC,
    method: 'GET',
    template: '/v1/customers/{id}/subscriptions/{subscriptionId}/provisioningstatus',
    accepts: 'app+user',
    source: '[PC-DOCS get-order-provisioning-status] (order / subscription provisioning status row)',
  },
  // Graph GDAP
  { operation: 'GDAP: list relationships', target: GRAPH, method: 'GET', template: GDAP, accepts: 'either', source: GDAP_READ_SOURCE },
  {
    operation: 'GDAP: get relationship',
    target: GRAPH,
    method: 'GET',
    template: `${GDAP}/{id}`,
    accepts: 'either',
    source: GDAP_READ_SOURCE,
  },
  {
    operation: 'GDAP: list requests',
    target: GRAPH,
    method: 'GET',
    template: `${GDAP}/{id}/requests`,
    accepts: 'either',
    source: GDAP_READ_SOURCE,
  },
  {
    operation: 'GDAP: get request',
    target: GRAPH,
    method: 'GET',
    template: `${GDAP}/{id}/requests/{requestId}`,
    accepts: 'either',
    source: GDAP_READ_SOURCE,
  },
  {
    operation: 'GDAP: list access assignments',
    target: GRAPH,
    method: 'GET',
    template: `${GDAP}/{id}/accessAssignments`,
    accepts: 'either',
    source: GDAP_READ_SOURCE,
  },
  {
    operation: 'GDAP: get access assignment',
    target: GRAPH,
    method: 'GET',
    template: `${GDAP}/{id}/accessAssignments/{assignmentId}`,
    accepts: 'either',
    source: GDAP_READ_SOURCE,
  },
  { operation: 'GDAP: create relationship', target: GRAPH, method: 'POST', template: GDAP, accepts: 'either', source: GDAP_WRITE_SOURCE },
  {
    operation: 'GDAP: update relationship',
    target: GRAPH,
    method: 'PATCH',
    template: `${GDAP}/{id}`,
    accepts: 'either',
    source: GDAP_WRITE_SOURCE,
  },
  {
    operation: 'GDAP: delete relationship',
    target: GRAPH,
    method: 'DELETE',
    template: `${GDAP}/{id}`,
    accepts: 'either',
    source: GDAP_WRITE_SOURCE,
  },
  {
    operation: 'GDAP: create request (lockForApproval, terminate)',
    target: GRAPH,
    method: 'POST',
    template: `${GDAP}/{id}/requests`,
    accepts: 'either',
    source: GDAP_WRITE_SOURCE,
  },
  {
    operation: 'GDAP: create access assignment',
    target: GRAPH,
    method: 'POST',
    template: `${GDAP}/{id}/accessAssignments`,
    accepts: 'either',
    source: GDAP_WRITE_SOURCE,
  },
  {
    operation: 'GDAP: update access assignment',
    target: GRAPH,
    method: 'PATCH',
    template: `${GDAP}/{id}/accessAssignments/{assignmentId}`,
    accepts: 'either',
    source: GDAP_WRITE_SOURCE,
  },
  {
    operation: 'GDAP: delete access assignment',
    target: GRAPH,
    method: 'DELETE',
    template: `${GDAP}/{id}/accessAssignments/{assignmentId}`,
    accepts: 'either',
    source: GDAP_WRITE_SOURCE,
  },
];

/** `{id}`, `:customerId` and concrete segments alike become `{}` only where the template has a placeholder. */
function normaliseTemplate(template: string): string {
  return template
    .split('?')[0]
    .replace(/\{[^}]+\}|:[A-Za-z]+/g, '{}')
    .replace(/\/+$/, '')
    .toLowerCase();
}

interface CompiledRow {
  row: CredentialRow;
  key: string;
  pattern: RegExp;
}

const COMPILED: CompiledRow[] = CREDENTIAL_TABLE.map((row) => {
  const key = normaliseTemplate(row.template);
  const source = key
    .split('{}')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return { row, key: `${row.method} ${key}`, pattern: new RegExp(`^${source}/?$`, 'i') };
});

/** The body variant of a request, read case-insensitively (Partner Center binds PascalCase or camelCase). */
export function credentialVariantOf(method: string, template: string, body: unknown): CredentialVariant | undefined {
  const key = `${method.toUpperCase()} ${normaliseTemplate(template)}`;
  const field = (name: string): unknown => {
    if (typeof body !== 'object' || body === null) return undefined;
    const entry = Object.entries(body as Record<string, unknown>).find(([candidate]) => candidate.toLowerCase() === name.toLowerCase());
    return entry?.[1];
  };
  const present = (name: string): boolean => {
    const value = field(name);
    return typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null;
  };
  if (key === 'POST /v1/customers') return present('associatedPartnerId') ? 'indirect_reseller' : undefined;
  if (key === 'POST /v1/customers/{}/agreements') return present('attestationId') ? 'from_attestation' : 'legacy_attestation';
  return undefined;
}

function pick(candidates: CompiledRow[], variant: CredentialVariant | undefined): CredentialRow | undefined {
  return (
    candidates.find((candidate) => candidate.row.variant === variant) ?? candidates.find((candidate) => candidate.row.variant === undefined)
  )?.row;
}

// Candidates per (method, template) as callers spell them: the simulator asks on every request.
const CANDIDATES = new Map<string, CompiledRow[]>();

/** The row of a call by its template (`/v1/customers/{id}`, or a route pattern `/v1/customers/:customerId`). */
export function credentialRowForTemplate(method: string, template: string, body?: unknown): CredentialRow | undefined {
  const spelled = `${method} ${template}`;
  let candidates = CANDIDATES.get(spelled);
  if (candidates === undefined) {
    const key = `${method.toUpperCase()} ${normaliseTemplate(template)}`;
    candidates = COMPILED.filter((candidate) => candidate.key === key);
    if (CANDIDATES.size < 1_000) CANDIDATES.set(spelled, candidates);
  }
  if (candidates.length === 0) return undefined;
  return pick(
    candidates,
    candidates.some((candidate) => candidate.row.variant !== undefined) ? credentialVariantOf(method, template, body) : undefined,
  );
}

/** The row of a concrete request path (`/v1/customers/abc/agreements?x=1`). */
export function credentialRowForPath(method: string, path: string, body?: unknown): CredentialRow | undefined {
  const bare = path.split('?')[0];
  const upper = method.toUpperCase();
  const matches = COMPILED.filter((candidate) => candidate.row.method === upper && candidate.pattern.test(bare));
  if (matches.length === 0) return undefined;
  // A literal segment beats a placeholder (`/v1/customers/relationshiprequests` vs `/v1/customers/{id}`).
  const literal = Math.max(...matches.map((candidate) => candidate.key.replace(/\{\}/g, '').length));
  const best = matches.filter((candidate) => candidate.key.replace(/\{\}/g, '').length === literal);
  return pick(best, credentialVariantOf(method, best[0].row.template, body));
}

/** The token the client sends for a row: App+User only where Microsoft demands it. */
export function credentialToSend(row: CredentialRow): CredentialType {
  return row.accepts === 'app+user' ? 'app+user' : 'app';
}

/** Does Microsoft accept this credential type for the row? */
export function credentialAccepted(row: CredentialRow, type: CredentialType): boolean {
  return row.accepts === 'either' || row.accepts === type;
}
