export type QualificationType = 'Education' | 'StateOwnedEntity' | 'GovernmentCommunityCloud';
export type EducationSegment = 'K12' | 'HigherEducation';
export type VettingStatus = 'InReview' | 'Approved' | 'Denied' | 'None';

export interface CustomerQualification {
  qualification: QualificationType | string;
  vettingStatus?: VettingStatus | string;
  vettingReason?: string;
  vettingCreateDate?: string;
}

export interface CreateQualificationRequest {
  qualification: QualificationType;
  educationSegment?: EducationSegment;
  website?: string;
  validationCode?: string;
}

/** `Not Ready` (with the space) is a documented wire value. */
export type AccountValidationStatus = 'Unknown' | 'UnderReview' | 'Allowed' | 'NotAllowed' | 'Not Ready';

export interface ValidationStatus {
  type: 'account' | string;
  status: AccountValidationStatus | string;
  lastUpdateDateTime?: string;
}

/** `status: null` when Partner Center has no account status (404 600074): purchases are not blocked. */
export type ValidationStatusResult = ValidationStatus | { status: null };
