import { authGuard } from '../http/auth.guard';
import { asRecord, normaliseEnum, normaliseKeys, optionalString } from '../http/casing';
import { invalidInput } from '../http/error-body';
import { requestState } from '../http/request-state';
import type { RouteRegistrar, SimContext } from '../sim-context';
import type { Tenant } from '../state/tenant.model';
import { customerView } from '../views/customer.view';
import { collection, link } from '../views/links';
import { createCustomer } from './customer-create';
import { customerWithRelationship, isReadable, param, query } from './customer-access';

const SEARCH_FIELDS = ['Domain', 'CompanyName', 'IndirectReseller', 'IndirectCloudSolutionProvider'] as const;
type SearchField = (typeof SEARCH_FIELDS)[number];
const DEFAULT_PAGE_SIZE = 200;
const CREATE_OPERATION = 'POST /v1/customers';

interface CustomerFilter {
  field: SearchField;
  value: string;
}

function parseFilter(raw: string | undefined): CustomerFilter | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let parsed: Record<string, unknown>;
  try {
    parsed = asRecord(normaliseKeys(JSON.parse(raw)));
  } catch {
    throw invalidInput('filter must be a URL-encoded JSON object {"Field","Value","Operator"}.');
  }
  const field = normaliseEnum(parsed.field, SEARCH_FIELDS);
  if (field === undefined) throw invalidInput(`filter Field must be one of ${SEARCH_FIELDS.join(', ')}.`);
  if (normaliseEnum(parsed.operator, ['starts_with'] as const) === undefined)
    throw invalidInput('Only the starts_with operator is supported for customer search.');
  return { field, value: (optionalString(parsed, 'value') ?? '').toLowerCase() };
}

function decodeContinuation(token: string): Record<string, unknown> {
  try {
    return asRecord(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
  } catch {
    throw invalidInput('MS-ContinuationToken is not valid.');
  }
}

function matches(context: SimContext, tenant: Tenant, filter: CustomerFilter): boolean {
  switch (filter.field) {
    case 'Domain':
      return tenant.domain.startsWith(filter.value);
    case 'CompanyName':
      return tenant.billingProfile.companyName.toLowerCase().startsWith(filter.value);
    case 'IndirectReseller':
      return tenant.indirectReseller !== undefined && tenant.indirectReseller.tenantId.toLowerCase().startsWith(filter.value);
    case 'IndirectCloudSolutionProvider':
      return tenant.indirectReseller !== undefined && context.settings.partnerTenantId.toLowerCase().startsWith(filter.value);
  }
}

function candidates(context: SimContext, filter: CustomerFilter | undefined): Iterable<Tenant> {
  // Fast path for the common "find by primary domain" lookup: onmicrosoft.com domains are unique and final.
  if (filter?.field === 'Domain' && filter.value.endsWith('.onmicrosoft.com')) {
    const tenant = context.state.tenants.byDomain(filter.value);
    return tenant !== undefined && tenant.relationshipToPartner !== 'none' ? [tenant] : [];
  }
  return context.state.tenants.withRelationship();
}

export const registerCustomerRoutes: RouteRegistrar = (app, context) => {
  const anyToken = authGuard(context, 'partner-center');

  app.head('/v1/domains/:domain', { onRequest: anyToken }, (request, reply) => {
    reply.code(context.state.tenants.byDomain(param(request, 'domain')) === undefined ? 404 : 200).send();
  });

  app.post('/v1/customers', { onRequest: anyToken }, (request, reply) => {
    const state = requestState(request);
    const stored = context.state.idempotency.get(CREATE_OPERATION, state.requestId);
    if (stored !== undefined) return reply.code(stored.status).type('application/json; charset=utf-8').send(stored.payload);
    const { tenant, password } = createCustomer(context, request.body, state.token?.idtyp === 'app');
    const payload = JSON.stringify({ ...customerView(tenant), userCredentials: { userName: 'admin', password } });
    // Create customer is idempotent on MS-RequestId: a retry after a timeout gets the same customer. The
    // realistic profile replays it without userCredentials (Microsoft does not say the password is shown twice).
    const replay = context.settings.profile === 'realistic' ? JSON.stringify(customerView(tenant)) : payload;
    if (!state.requestIdGenerated) context.state.idempotency.put(CREATE_OPERATION, state.requestId, { status: 201, payload: replay });
    return reply.code(201).type('application/json; charset=utf-8').send(payload);
  });

  app.get('/v1/customers', { onRequest: anyToken }, (request, reply) => {
    const size = Number(query(request, 'size') ?? DEFAULT_PAGE_SIZE);
    if (!Number.isInteger(size) || size < 1 || size > 500) throw invalidInput('size must be an integer between 1 and 500.');
    const continuation = request.headers['ms-continuationtoken'];
    let offset = 0;
    let rawFilter = query(request, 'filter');
    if (typeof continuation === 'string' && continuation !== '') {
      const decoded = decodeContinuation(continuation);
      offset = typeof decoded.offset === 'number' ? decoded.offset : 0;
      rawFilter = typeof decoded.filter === 'string' ? decoded.filter : rawFilter;
    }
    const filter = parseFilter(rawFilter);
    const items: Record<string, unknown>[] = [];
    let seen = 0;
    let more = false;
    for (const tenant of candidates(context, filter)) {
      if (filter !== undefined && !matches(context, tenant, filter)) continue;
      if (!isReadable(context, tenant)) continue;
      if (seen++ < offset) continue;
      if (items.length === size) {
        more = true;
        break;
      }
      items.push(customerView(tenant));
    }
    const page = collection(items, `/customers?size=${size}`);
    if (more) {
      const token = Buffer.from(JSON.stringify({ offset: offset + size, filter: rawFilter })).toString('base64url');
      page.links = {
        self: link(`/customers?size=${size}`),
        next: link(`/customers?size=${size}&seekOperation=Next`, 'GET', [{ key: 'MS-ContinuationToken', value: token }]),
      };
      page.continuationToken = token;
    }
    return reply.send(page);
  });

  app.get('/v1/customers/relationshiprequests', { onRequest: anyToken }, (request, reply) => {
    const resellerId = query(request, 'indirectResellerId');
    const providerId = query(request, 'indirectCloudSolutionProviderId') ?? context.settings.partnerTenantId;
    // DAP was dropped from reseller relationship links in October 2023: no DAP= parameter. msppId=0:
    // the reseller's MPN id is no query parameter of this call (guess on the indirect template).
    const url =
      resellerId === undefined
        ? `https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId=${context.settings.partnerTenantId}&msppId=0#/BillingAccounts/partner-invitation`
        : `https://admin.microsoft.com/Adminportal/Home?invType=IndirectResellerRelationship&partnerId=${resellerId}&msppId=0&indirectCSPId=${providerId}#/BillingAccounts/partner-invitation`;
    return reply.send({ url, attributes: { objectType: 'RelationshipRequest' } });
  });

  app.get('/v1/customers/:customerId', { onRequest: anyToken }, (request, reply) => {
    return reply.send(customerView(customerWithRelationship(context, param(request, 'customerId'))));
  });

  app.get('/v1/customers/:customerId/relationships', { onRequest: anyToken }, (request, reply) => {
    const tenant = customerWithRelationship(context, param(request, 'customerId'));
    const items: Record<string, unknown>[] = [];
    if (tenant.indirectReseller !== undefined) {
      items.push({
        id: tenant.indirectReseller.tenantId,
        name: tenant.indirectReseller.name ?? 'Indirect reseller',
        relationshipType: 'is_indirect_reseller_of',
        mpnId: tenant.indirectReseller.mpnId,
        state: 'Active',
        location: 'US',
        attributes: { objectType: 'PartnerRelationship' },
      });
      items.push({
        id: context.settings.partnerTenantId,
        name: 'Simulated indirect provider',
        relationshipType: 'is_indirect_cloud_solution_provider_of',
        state: 'Active',
        location: 'US',
        attributes: { objectType: 'PartnerRelationship' },
      });
    }
    return reply.send(collection(items, `/customers/${tenant.id}/relationships`));
  });
};
