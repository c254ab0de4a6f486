export type DelegatedAdminRelationshipStatus =
  | 'created'
  | 'approvalPending'
  | 'approved'
  | 'activating'
  | 'active'
  | 'expiring'
  | 'expired'
  | 'terminationRequested'
  | 'terminating'
  | 'terminated'
  | 'unknownFutureValue';

export interface UnifiedRole {
  roleDefinitionId: string;
}

export interface DelegatedAdminAccessDetails {
  unifiedRoles: UnifiedRole[];
}

export interface DelegatedAdminRelationshipCustomer {
  tenantId: string;
  displayName?: string;
}

export interface DelegatedAdminRelationship {
  id: string;
  displayName: string;
  duration: string;
  customer?: DelegatedAdminRelationshipCustomer;
  accessDetails: DelegatedAdminAccessDetails;
  status: DelegatedAdminRelationshipStatus | string;
  autoExtendDuration?: string;
  createdDateTime?: string;
  lastModifiedDateTime?: string;
  activatedDateTime?: string | null;
  endDateTime?: string | null;
  '@odata.etag'?: string;
  '@odata.type'?: string;
}

export interface CreateDelegatedAdminRelationshipRequest {
  displayName: string;
  duration: string;
  customer?: DelegatedAdminRelationshipCustomer;
  accessDetails: DelegatedAdminAccessDetails;
  autoExtendDuration?: string;
}

export type DelegatedAdminRelationshipRequestAction = 'lockForApproval' | 'terminate' | 'approve' | 'reject';

export interface DelegatedAdminRelationshipRequest {
  id: string;
  action: DelegatedAdminRelationshipRequestAction | string;
  status: 'created' | 'pending' | 'succeeded' | 'failed' | 'unknownFutureValue' | string;
  createdDateTime?: string;
  lastModifiedDateTime?: string;
}

export type AccessAssignmentStatus = 'pending' | 'active' | 'deleting' | 'deleted' | 'error' | 'unknownFutureValue';

export interface DelegatedAdminAccessContainer {
  accessContainerId: string;
  accessContainerType: 'securityGroup' | string;
}

export interface DelegatedAdminAccessAssignment {
  id: string;
  accessContainer: DelegatedAdminAccessContainer;
  accessDetails: DelegatedAdminAccessDetails;
  status: AccessAssignmentStatus | string;
  createdDateTime?: string;
  lastModifiedDateTime?: string;
  '@odata.etag'?: string;
}

export interface CreateAccessAssignmentRequest {
  accessContainer: DelegatedAdminAccessContainer;
  accessDetails: DelegatedAdminAccessDetails;
}
