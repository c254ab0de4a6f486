import { isPartnerCenterError } from '@nce/partner-center';
import { type RelationshipFacts, grantingRelationships } from '../domain/role-coverage.model';
import type { GdapPartnerCenter } from './gdap.ports';

export const GLOBAL_ADMINISTRATOR_ROLE = '62e90394-69f5-4237-9190-012177145e10';

/**
 * GDAP relationships without `autoExtendDuration` expire at the end of their duration; Microsoft allows
 * P180D auto-extension except when Global Administrator is among the roles (partner-center-api.md §1.2).
 */
export function autoExtensionFor(roles: readonly string[]): { autoExtendDuration?: string } {
  return roles.includes(GLOBAL_ADMINISTRATOR_ROLE) ? {} : { autoExtendDuration: 'P180D' };
}

/**
 * Security groups must be given access before the partner's agents get any (GDAP FAQ): each configured
 * group gets an access assignment with the required roles on every active relationship granting them.
 * Idempotent: a group already assigned (and not deleted) is left alone; a concurrent duplicate (409) too.
 */
export async function assignAccess(
  partnerCenter: GdapPartnerCenter,
  relationships: readonly RelationshipFacts[],
  requiredRoles: readonly string[],
  securityGroups: readonly string[],
  now: number,
  call: { correlationId: string },
): Promise<number> {
  let created = 0;
  for (const relationship of grantingRelationships(relationships, requiredRoles, now)) {
    const roles = requiredRoles.filter((role) => relationship.roleIds.includes(role));
    const existing = await partnerCenter.listAccessAssignments(relationship.id, call);
    const assigned = new Set(
      existing
        .filter((assignment) => assignment.status !== 'deleted' && assignment.status !== 'deleting')
        .map((assignment) => assignment.accessContainer.accessContainerId.toLowerCase()),
    );
    for (const group of securityGroups) {
      if (assigned.has(group.toLowerCase())) continue;
      try {
        await partnerCenter.createAccessAssignment(
          relationship.id,
          {
            accessContainer: { accessContainerId: group, accessContainerType: 'securityGroup' },
            accessDetails: { unifiedRoles: roles.map((roleDefinitionId) => ({ roleDefinitionId })) },
          },
          call,
        );
        created += 1;
      } catch (error) {
        if (!(isPartnerCenterError(error) && error.httpStatus === 409)) throw error;
      }
    }
  }
  return created;
}
