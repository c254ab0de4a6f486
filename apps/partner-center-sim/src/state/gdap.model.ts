export type RelationshipStatus =
  | 'created'
  | 'approvalPending'
  | 'approved'
  | 'activating'
  | 'active'
  | 'expiring'
  | 'expired'
  | 'terminationRequested'
  | 'terminating'
  | 'terminated';

export interface UnifiedRole {
  roleDefinitionId: string;
}

export interface GdapRequest {
  id: string;
  action: 'lockForApproval' | 'terminate';
  status: 'created' | 'pending' | 'succeeded' | 'failed';
  createdDateTime: string;
  lastModifiedDateTime: string;
}

export type AccessAssignmentStatus = 'pending' | 'active' | 'deleting' | 'deleted' | 'error';

export interface AccessAssignment {
  id: string;
  accessContainerId: string;
  accessContainerType: 'securityGroup';
  unifiedRoles: UnifiedRole[];
  status: AccessAssignmentStatus;
  createdDateTime: string;
  lastModifiedDateTime: string;
  etagVersion: number;
}

export interface GdapRelationship {
  id: string;
  displayName: string;
  duration: string;
  durationMs: number;
  customer?: { tenantId: string; displayName?: string };
  unifiedRoles: UnifiedRole[];
  autoExtendDuration: string;
  status: RelationshipStatus;
  createdDateTime: string;
  lastModifiedDateTime: string;
  activatedDateTime?: string;
  endDateTime?: string;
  /** Epoch ms of the last status transition that drives a timed progression. */
  lockedAt?: number;
  approvedAt?: number;
  terminationRequestedAt?: number;
  etagVersion: number;
  /** Microsoft's default relationship created with `enableGDAPByDefault`. */
  isDefault: boolean;
  requests: Map<string, GdapRequest>;
  accessAssignments: Map<string, AccessAssignment>;
}
