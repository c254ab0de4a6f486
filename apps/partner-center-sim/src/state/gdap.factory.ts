import { randomUUID } from 'node:crypto';
import { DAY_MS } from './durations';
import type { GdapRelationship, UnifiedRole } from './gdap.model';
import { DEFAULT_GDAP_ROLE_IDS } from './gdap-roles';

export function newRelationshipId(): string {
  return `${randomUUID()}-${randomUUID()}`;
}

export interface NewRelationship {
  displayName: string;
  duration: string;
  durationDays: number;
  customer?: { tenantId: string; displayName?: string };
  unifiedRoles: UnifiedRole[];
  autoExtendDuration: string;
  now: number;
  isDefault?: boolean;
}

export function newRelationship(input: NewRelationship): GdapRelationship {
  const now = new Date(input.now).toISOString();
  return {
    id: newRelationshipId(),
    displayName: input.displayName,
    duration: input.duration,
    durationMs: Math.round(input.durationDays * DAY_MS),
    customer: input.customer,
    unifiedRoles: input.unifiedRoles,
    autoExtendDuration: input.autoExtendDuration,
    status: 'created',
    createdDateTime: now,
    lastModifiedDateTime: now,
    etagVersion: 1,
    isDefault: input.isDefault ?? false,
    requests: new Map(),
    accessAssignments: new Map(),
  };
}

/**
 * A relationship that is already `active` (or `expired`): Microsoft's default relationship for new
 * customers, and control-API tenants created with `gdap: "active" | "expired"`.
 */
export function establishedRelationship(
  input: Omit<NewRelationship, 'duration' | 'durationDays' | 'autoExtendDuration' | 'unifiedRoles'> & {
    roleIds?: readonly string[];
    expired?: boolean;
  },
): GdapRelationship {
  const roles = (input.roleIds !== undefined && input.roleIds.length > 0 ? input.roleIds : DEFAULT_GDAP_ROLE_IDS).map(
    (roleDefinitionId) => ({ roleDefinitionId }),
  );
  const relationship = newRelationship({
    ...input,
    duration: 'P730D',
    durationDays: 730,
    autoExtendDuration: input.expired === true ? 'PT0S' : 'P180D',
    unifiedRoles: roles,
  });
  const activatedAt = input.expired === true ? input.now - 731 * DAY_MS : input.now;
  relationship.status = input.expired === true ? 'expired' : 'active';
  relationship.activatedDateTime = new Date(activatedAt).toISOString();
  relationship.endDateTime = new Date(activatedAt + relationship.durationMs).toISOString();
  return relationship;
}
