import type { CallContext } from '../domain/common.model';
import type {
  CreateAccessAssignmentRequest,
  CreateDelegatedAdminRelationshipRequest,
  DelegatedAdminAccessAssignment,
  DelegatedAdminRelationship,
  DelegatedAdminRelationshipRequest,
} from '../domain/gdap.model';
import type { PartnerCenterTransport } from './transport.port';
import { graphCall } from './call-builder';
import { collectGraphPages } from './paging';

const RELATIONSHIPS = '/v1.0/tenantRelationships/delegatedAdminRelationships';

/** Microsoft Graph GDAP: app-only (application DelegatedAdminRelationship.ReadWrite.All with Microsoft's service principal; credential table). */
export class GdapApi {
  constructor(private readonly transport: PartnerCenterTransport) {}

  async listDelegatedAdminRelationships(customerTenantId: string, context?: CallContext): Promise<DelegatedAdminRelationship[]> {
    const spec = {
      query: { $filter: `customer/tenantId eq '${customerTenantId.replace(/'/g, "''")}'` },
      context,
      customerId: customerTenantId,
    };
    return collectGraphPages<DelegatedAdminRelationship>(this.transport, graphCall('GET', RELATIONSHIPS, spec));
  }

  async getDelegatedAdminRelationship(relationshipId: string, context?: CallContext): Promise<DelegatedAdminRelationship> {
    const spec = { params: { id: relationshipId }, context };
    return (await this.transport.send<DelegatedAdminRelationship>(graphCall('GET', `${RELATIONSHIPS}/{id}`, spec))).body;
  }

  async createDelegatedAdminRelationship(
    body: CreateDelegatedAdminRelationshipRequest,
    context?: CallContext,
  ): Promise<DelegatedAdminRelationship> {
    const spec = { body, context, customerId: body.customer?.tenantId };
    return (await this.transport.send<DelegatedAdminRelationship>(graphCall('POST', RELATIONSHIPS, spec))).body;
  }

  /** Moves a `created` relationship to `approvalPending`; the customer then approves it in the admin centre. */
  async lockForApproval(relationshipId: string, context?: CallContext): Promise<DelegatedAdminRelationshipRequest> {
    const spec = { params: { id: relationshipId }, body: { action: 'lockForApproval' }, context };
    return (await this.transport.send<DelegatedAdminRelationshipRequest>(graphCall('POST', `${RELATIONSHIPS}/{id}/requests`, spec))).body;
  }

  /** Deletes a relationship still in `created` (never locked for approval); Graph refuses other statuses. */
  async deleteDelegatedAdminRelationship(relationshipId: string, context?: CallContext): Promise<void> {
    const spec = { params: { id: relationshipId }, context, expect: [204, 404] };
    await this.transport.send(graphCall('DELETE', `${RELATIONSHIPS}/{id}`, spec));
  }

  async createAccessAssignment(
    relationshipId: string,
    body: CreateAccessAssignmentRequest,
    context?: CallContext,
  ): Promise<DelegatedAdminAccessAssignment> {
    const spec = { params: { id: relationshipId }, body, context };
    const template = `${RELATIONSHIPS}/{id}/accessAssignments`;
    return (await this.transport.send<DelegatedAdminAccessAssignment>(graphCall('POST', template, spec))).body;
  }

  async listAccessAssignments(relationshipId: string, context?: CallContext): Promise<DelegatedAdminAccessAssignment[]> {
    const spec = { params: { id: relationshipId }, context };
    return collectGraphPages<DelegatedAdminAccessAssignment>(
      this.transport,
      graphCall('GET', `${RELATIONSHIPS}/{id}/accessAssignments`, spec),
    );
  }
}

/** The URL the customer's Global Admin opens to approve a relationship (api md §9.2). */
export function gdapApprovalUrl(relationshipId: string): string {
  return `https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/${encodeURIComponent(relationshipId)}`;
}
