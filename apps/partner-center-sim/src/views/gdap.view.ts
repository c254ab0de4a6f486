import type { AccessAssignment, GdapRelationship, GdapRequest } from '../state/gdap.model';

export const GRAPH_BASE = '/v1.0/tenantRelationships/delegatedAdminRelationships';

function etag(id: string, version: number): string {
  return `W/"${Buffer.from(`'"${id.slice(0, 8)}-${version}"'`).toString('base64')}"`;
}

export function relationshipEtag(relationship: GdapRelationship): string {
  return etag(relationship.id, relationship.etagVersion);
}

export function assignmentEtag(assignment: AccessAssignment): string {
  return etag(assignment.id, assignment.etagVersion);
}

/** Graph writes absent values as null, not by omitting them. */
export function relationshipView(relationship: GdapRelationship): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.delegatedAdminRelationship',
    '@odata.etag': relationshipEtag(relationship),
    id: relationship.id,
    displayName: relationship.displayName,
    duration: relationship.duration,
    customer:
      relationship.customer === undefined
        ? null
        : { tenantId: relationship.customer.tenantId, displayName: relationship.customer.displayName ?? null },
    accessDetails: { unifiedRoles: relationship.unifiedRoles },
    status: relationship.status,
    autoExtendDuration: relationship.autoExtendDuration,
    createdDateTime: relationship.createdDateTime,
    lastModifiedDateTime: relationship.lastModifiedDateTime,
    activatedDateTime: relationship.activatedDateTime ?? null,
    endDateTime: relationship.endDateTime ?? null,
  };
}

export function requestView(request: GdapRequest, status = request.status): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.delegatedAdminRelationshipRequest',
    id: request.id,
    action: request.action,
    status,
    createdDateTime: request.createdDateTime,
    lastModifiedDateTime: request.lastModifiedDateTime,
  };
}

export function assignmentView(assignment: AccessAssignment): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.delegatedAdminAccessAssignment',
    '@odata.etag': assignmentEtag(assignment),
    id: assignment.id,
    status: assignment.status,
    createdDateTime: assignment.createdDateTime,
    lastModifiedDateTime: assignment.lastModifiedDateTime,
    accessContainer: { accessContainerId: assignment.accessContainerId, accessContainerType: assignment.accessContainerType },
    accessDetails: { unifiedRoles: assignment.unifiedRoles },
  };
}
