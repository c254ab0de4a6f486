import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { authGuard } from '../http/auth.guard';
import { asRecord, normaliseEnum } from '../http/casing';
import type { RouteRegistrar, SimContext } from '../sim-context';
import { newRelationship } from '../state/gdap.factory';
import { ENTRA_ROLES } from '../state/gdap-roles';
import type { GdapRelationship, GdapRequest } from '../state/gdap.model';
import { GRAPH_BASE, relationshipEtag, relationshipView, requestView } from '../views/gdap.view';
import { param, query } from './customer-access';
import {
  badGraphRequest,
  graphError,
  graphLocation,
  readAutoExtend,
  readCustomer,
  readDisplayName,
  readDuration,
  readRoles,
  relationshipOf,
  requireIfMatch,
  timing,
} from './gdap-input';

const MAX_TOP = 300;
const FILTER_CLAUSE = /^(customer\/tenantId|status|displayName|id)\s+eq\s+'([^']*)'$/i;
type FilterField = 'customer/tenantid' | 'status' | 'displayname' | 'id';

function parseFilter(raw: string | undefined): Map<FilterField, string> {
  const clauses = new Map<FilterField, string>();
  if (raw === undefined || raw.trim() === '') return clauses;
  for (const clause of raw.trim().split(/\s+and\s+/i)) {
    const match = FILTER_CLAUSE.exec(clause.trim());
    if (match === null)
      throw badGraphRequest(`Unsupported $filter clause: ${clause}. Supported: customer/tenantId, status, displayName, id with eq.`);
    clauses.set(match[1].toLowerCase() as FilterField, match[2].toLowerCase());
  }
  return clauses;
}

function listRelationships(context: SimContext, request: FastifyRequest): Record<string, unknown> {
  const rawFilter = query(request, '$filter');
  const filter = parseFilter(rawFilter);
  const topRaw = query(request, '$top');
  const top = topRaw === undefined ? MAX_TOP : Number(topRaw);
  if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) throw badGraphRequest(`$top must be an integer between 1 and ${MAX_TOP}.`);
  const skipToken = query(request, '$skiptoken') ?? query(request, '$skipToken');
  const offset = skipToken === undefined ? 0 : Number(Buffer.from(skipToken, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) throw badGraphRequest('$skiptoken is not valid.');
  const all = context.state.gdap
    .list(filter.get('customer/tenantid'), context.now(), timing(context))
    .filter(
      (relationship) =>
        (!filter.has('status') || relationship.status.toLowerCase() === filter.get('status')) &&
        (!filter.has('displayname') || relationship.displayName.toLowerCase() === filter.get('displayname')) &&
        (!filter.has('id') || relationship.id === filter.get('id')),
    );
  const page = all.slice(offset, offset + top);
  const body: Record<string, unknown> = {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#tenantRelationships/delegatedAdminRelationships',
    value: page.map(relationshipView),
  };
  if (offset + top < all.length) {
    const params = new URLSearchParams();
    if (rawFilter !== undefined) params.set('$filter', rawFilter);
    params.set('$top', String(top));
    params.set('$skiptoken', Buffer.from(String(offset + top)).toString('base64url'));
    body['@odata.nextLink'] = graphLocation(context, request, `${GRAPH_BASE}?${params.toString()}`);
  }
  return body;
}

function patchRelationship(context: SimContext, relationship: GdapRelationship, body: Record<string, unknown>): void {
  const editable = relationship.status === 'created';
  const onlyAutoExtend = Object.keys(body).every((key) => key === 'autoExtendDuration' || key.startsWith('@odata'));
  // PATCH is allowed while `created`; afterwards only autoExtendDuration may change (active relationships).
  if (!editable && !(onlyAutoExtend && relationship.status === 'active')) {
    throw badGraphRequest(`The relationship is ${relationship.status}; only relationships in the created status can be updated.`);
  }
  if (body.displayName !== undefined) context.state.gdap.rename(relationship, readDisplayName(context, body.displayName, relationship));
  if (body.duration !== undefined) {
    const { duration, days } = readDuration(body.duration);
    relationship.duration = duration;
    relationship.durationMs = days * 86_400_000;
  }
  if (body.customer !== undefined) {
    relationship.customer = readCustomer(body.customer);
    if (relationship.customer !== undefined) context.state.gdap.indexCustomer(relationship.id, relationship.customer.tenantId);
  }
  if (body.accessDetails !== undefined) relationship.unifiedRoles = readRoles(body.accessDetails);
  if (body.autoExtendDuration !== undefined) relationship.autoExtendDuration = readAutoExtend(body.autoExtendDuration);
  relationship.lastModifiedDateTime = new Date(context.now()).toISOString();
  relationship.etagVersion += 1;
}

function applyAction(context: SimContext, relationship: GdapRelationship, action: GdapRequest['action']): void {
  const now = context.now();
  if (action === 'lockForApproval') {
    if (relationship.status !== 'created')
      throw badGraphRequest(`lockForApproval is allowed only in the created status; the relationship is ${relationship.status}.`);
    relationship.status = 'approvalPending';
    relationship.lockedAt = now;
  } else {
    // Guess: terminate is accepted once the customer approved (approved/activating/active/expiring).
    if (!['active', 'approved', 'activating', 'expiring'].includes(relationship.status))
      throw badGraphRequest(`terminate is not allowed in the ${relationship.status} status.`);
    relationship.status = 'terminationRequested';
    relationship.terminationRequestedAt = now;
  }
  relationship.lastModifiedDateTime = new Date(now).toISOString();
  relationship.etagVersion += 1;
}

export const registerGdapRoutes: RouteRegistrar = (app, context) => {
  const graph = authGuard(context, 'graph');

  app.post(GRAPH_BASE, { onRequest: graph }, (request, reply) => {
    const body = asRecord(request.body);
    const displayName = readDisplayName(context, body.displayName);
    const { duration, days } = readDuration(body.duration);
    const unifiedRoles = readRoles(body.accessDetails);
    const autoExtendDuration = readAutoExtend(body.autoExtendDuration);
    // Microsoft allows P180D auto-extension except for relationships that include Global Administrator.
    if (autoExtendDuration !== 'PT0S' && unifiedRoles.some((role) => role.roleDefinitionId === ENTRA_ROLES.globalAdministrator)) {
      throw badGraphRequest('autoExtendDuration is not allowed for a relationship that includes the Global Administrator role.');
    }
    const relationship = newRelationship({
      displayName,
      duration,
      durationDays: days,
      customer: readCustomer(body.customer),
      unifiedRoles,
      autoExtendDuration,
      now: context.now(),
    });
    context.state.gdap.add(relationship);
    return reply
      .code(201)
      .header('Location', graphLocation(context, request, `${GRAPH_BASE}/${relationship.id}`))
      .send(relationshipView(relationship));
  });

  app.get(GRAPH_BASE, { onRequest: graph }, (request, reply) => reply.send(listRelationships(context, request)));

  app.get(`${GRAPH_BASE}/:relationshipId`, { onRequest: graph }, (request, reply) =>
    reply.send(relationshipView(relationshipOf(context, request))),
  );

  app.patch(`${GRAPH_BASE}/:relationshipId`, { onRequest: graph }, (request, reply) => {
    const relationship = relationshipOf(context, request);
    requireIfMatch(request, relationshipEtag(relationship));
    patchRelationship(context, relationship, asRecord(request.body));
    return reply.send(relationshipView(relationship));
  });

  app.delete(`${GRAPH_BASE}/:relationshipId`, { onRequest: graph }, (request, reply) => {
    const relationship = relationshipOf(context, request);
    if (relationship.status !== 'created')
      throw badGraphRequest(`Only relationships in the created status can be deleted; the relationship is ${relationship.status}.`);
    context.state.gdap.remove(relationship);
    return reply.code(204).send();
  });

  app.post(`${GRAPH_BASE}/:relationshipId/requests`, { onRequest: graph }, (request, reply) => {
    const relationship = relationshipOf(context, request);
    const action = normaliseEnum(asRecord(request.body).action, ['lockForApproval', 'terminate'] as const);
    if (action === undefined) throw badGraphRequest('action must be lockForApproval or terminate.');
    applyAction(context, relationship, action);
    const now = new Date(context.now()).toISOString();
    const created: GdapRequest = { id: randomUUID(), action, status: 'succeeded', createdDateTime: now, lastModifiedDateTime: now };
    relationship.requests.set(created.id, created);
    const location = graphLocation(context, request, `${GRAPH_BASE}/${relationship.id}/requests/${created.id}`);
    // The create response shows the request as just created; later reads show it succeeded.
    return reply.code(201).header('Location', location).send(requestView(created, 'created'));
  });

  app.get(`${GRAPH_BASE}/:relationshipId/requests`, { onRequest: graph }, (request, reply) => {
    return reply.send({ value: [...relationshipOf(context, request).requests.values()].map((entry) => requestView(entry)) });
  });

  app.get(`${GRAPH_BASE}/:relationshipId/requests/:requestId`, { onRequest: graph }, (request, reply) => {
    const entry = relationshipOf(context, request).requests.get(param(request, 'requestId'));
    if (entry === undefined) throw graphError(404, 'itemNotFound', 'The request was not found.');
    return reply.send(requestView(entry));
  });
};
