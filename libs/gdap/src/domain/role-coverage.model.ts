export type GdapStatus = 'approved' | 'approval_pending' | 'missing' | 'checking';

export interface RelationshipFacts {
  id: string;
  status: string;
  roleIds: string[];
  endDateTime?: string | null;
  autoExtendDuration?: string;
}

export interface RoleCoverage {
  status: Exclude<GdapStatus, 'checking'>;
  missingRoles: string[];
  /** A relationship waiting for the customer's approval that would cover the missing roles. */
  pendingRelationshipId?: string;
}

/** Relationships that end within this window without auto-extension count as expiring. */
export const EXPIRY_WINDOW_MS = 30 * 24 * 3_600_000;

const ACTIVE = new Set(['active']);
const PENDING = new Set(['approvalPending', 'approved', 'activating']);

function expiring(relationship: RelationshipFacts, now: number): boolean {
  const extends_ =
    relationship.autoExtendDuration !== undefined &&
    relationship.autoExtendDuration !== 'PT0S' &&
    relationship.autoExtendDuration !== 'P0D';
  if (extends_ || !relationship.endDateTime) return false;
  return Date.parse(relationship.endDateTime) - now < EXPIRY_WINDOW_MS;
}

/**
 * Compares the customer's active relationships with the roles the partner requires
 * (partner-center-api.md section 9.4): missing when no active, non-expiring relationship grants a
 * role; pending when a relationship awaiting approval would grant every missing role.
 */
export function roleCoverage(relationships: readonly RelationshipFacts[], requiredRoles: readonly string[], now: number): RoleCoverage {
  const granted = new Set(
    relationships
      .filter((relationship) => ACTIVE.has(relationship.status) && !expiring(relationship, now))
      .flatMap((relationship) => relationship.roleIds),
  );
  const missingRoles = requiredRoles.filter((role) => !granted.has(role));
  if (missingRoles.length === 0) return { status: 'approved', missingRoles: [] };
  const pending = relationships.find(
    (relationship) => PENDING.has(relationship.status) && missingRoles.every((role) => relationship.roleIds.includes(role)),
  );
  return pending ? { status: 'approval_pending', missingRoles, pendingRelationshipId: pending.id } : { status: 'missing', missingRoles };
}

/** Active, non-expiring relationships that grant at least one of the required roles. */
export function grantingRelationships(
  relationships: readonly RelationshipFacts[],
  requiredRoles: readonly string[],
  now: number,
): RelationshipFacts[] {
  return relationships.filter(
    (relationship) =>
      ACTIVE.has(relationship.status) && !expiring(relationship, now) && relationship.roleIds.some((role) => requiredRoles.includes(role)),
  );
}
