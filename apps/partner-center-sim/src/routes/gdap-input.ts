import type { FastifyRequest } from 'fastify';
import { asRecord, optionalString } from '../http/casing';
import { SimulatedApiError } from '../http/error-body';
import type { SimContext } from '../sim-context';
import { durationDays } from '../state/durations';
import type { GdapRelationship, UnifiedRole } from '../state/gdap.model';
import { baseUrl } from './agreements.routes';
import { param } from './customer-access';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AUTO_EXTEND_VALUES = ['PT0S', 'P0D', 'P180D'];

export function graphError(status: number, code: string, message: string): SimulatedApiError {
  return new SimulatedApiError(status, code, message);
}

export function badGraphRequest(message: string): SimulatedApiError {
  return graphError(400, 'invalidRequest', message);
}

export function timing(context: SimContext): { activationDelayMs: number; approvalExpiryDays: number } {
  return { activationDelayMs: context.settings.gdapActivationDelayMs, approvalExpiryDays: context.settings.gdapApprovalExpiryDays };
}

export function relationshipOf(context: SimContext, request: FastifyRequest): GdapRelationship {
  const id = param(request, 'relationshipId');
  const relationship = context.state.gdap.get(id, context.now(), timing(context));
  if (relationship === undefined) throw graphError(404, 'itemNotFound', `The delegatedAdminRelationship ${id} was not found.`);
  return relationship;
}

export function graphLocation(context: SimContext, request: FastifyRequest, path: string): string {
  return `${baseUrl(context, request)}${path}`;
}

export function readDisplayName(context: SimContext, value: unknown, current?: GdapRelationship): string {
  const displayName = optionalString({ value }, 'value');
  if (displayName === undefined) throw badGraphRequest('displayName is required.');
  if (displayName.length > 50) throw badGraphRequest('displayName must be at most 50 characters.');
  const unchanged = current !== undefined && current.displayName.toLowerCase() === displayName.toLowerCase();
  // Unique across all of the partner's relationships. The status code for a clash is not published (guess: 400).
  if (!unchanged && context.state.gdap.isDisplayNameTaken(displayName))
    throw badGraphRequest(`A relationship with displayName "${displayName}" already exists.`);
  return displayName;
}

export function readDuration(value: unknown): { duration: string; days: number } {
  const duration = typeof value === 'string' ? value.trim().toUpperCase() : '';
  const days = durationDays(duration);
  if (days === undefined) throw badGraphRequest('duration must be an ISO-8601 duration such as P730D.');
  if (days < 1 || days > 730) throw badGraphRequest('duration must be between P1D and P2Y (730 days).');
  return { duration, days };
}

export function readAutoExtend(value: unknown): string {
  if (value === undefined || value === null) return 'PT0S';
  const autoExtend = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!AUTO_EXTEND_VALUES.includes(autoExtend))
    throw badGraphRequest(`autoExtendDuration must be one of ${AUTO_EXTEND_VALUES.join(', ')}.`);
  return autoExtend;
}

export function readRoles(value: unknown): UnifiedRole[] {
  const roles = asRecord(value).unifiedRoles;
  if (!Array.isArray(roles) || roles.length === 0) throw badGraphRequest('accessDetails.unifiedRoles must list at least one role.');
  const ids = roles.map((role) => optionalString(asRecord(role), 'roleDefinitionId') ?? '');
  if (ids.some((id) => !GUID.test(id))) throw badGraphRequest('Every unifiedRoles entry needs a roleDefinitionId (GUID).');
  return [...new Set(ids.map((id) => id.toLowerCase()))].map((roleDefinitionId) => ({ roleDefinitionId }));
}

export function readCustomer(value: unknown): { tenantId: string; displayName?: string } | undefined {
  if (value === undefined || value === null) return undefined;
  const record = asRecord(value);
  const tenantId = optionalString(record, 'tenantId');
  if (tenantId === undefined || !GUID.test(tenantId)) throw badGraphRequest('customer.tenantId must be a GUID.');
  return { tenantId: tenantId.toLowerCase(), displayName: optionalString(record, 'displayName') };
}

/** Graph requires If-Match on PATCH of relationships and access assignments. */
export function requireIfMatch(request: FastifyRequest, currentEtag: string): void {
  const ifMatch = request.headers['if-match'];
  if (typeof ifMatch !== 'string' || ifMatch.trim() === '') throw badGraphRequest('The If-Match header is required.');
  if (ifMatch !== '*' && ifMatch !== currentEtag)
    throw graphError(412, 'preconditionFailed', 'The If-Match etag does not match the current version.');
}
