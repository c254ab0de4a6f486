export type RelationshipToPartner = 'none' | 'reseller';
export type McaState = 'valid' | 'missing' | 'stale';
/** `Not Ready` keeps Microsoft's space; `undefined` on a tenant means "no status" (404 600074). */
export type AccountStatus = 'Allowed' | 'UnderReview' | 'NotAllowed' | 'Unknown' | 'Not Ready';
export const ACCOUNT_STATUSES: readonly AccountStatus[] = ['Allowed', 'UnderReview', 'NotAllowed', 'Unknown', 'Not Ready'];

export type QualificationName = 'Education' | 'StateOwnedEntity' | 'GovernmentCommunityCloud';
export const QUALIFICATION_NAMES: readonly QualificationName[] = ['Education', 'StateOwnedEntity', 'GovernmentCommunityCloud'];
export type VettingStatus = 'InReview' | 'Approved' | 'Denied';
export const VETTING_STATUSES: readonly VettingStatus[] = ['InReview', 'Approved', 'Denied'];

export interface Address {
  firstName?: string;
  lastName?: string;
  addressLine1?: string;
  addressLine2?: string;
  addressLine3?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  region?: string;
  district?: string;
  country: string;
  phoneNumber?: string;
}

export interface BillingProfile {
  id: string;
  email?: string;
  culture?: string;
  language?: string;
  companyName: string;
  defaultAddress: Address;
}

export interface PrimaryContact {
  firstName: string;
  lastName: string;
  email: string;
  phoneNumber?: string;
}

export interface Agreement {
  userId?: string;
  primaryContact: PrimaryContact;
  templateId: string;
  dateAgreed: string;
  type: 'MicrosoftCustomerAgreement' | 'MicrosoftCloudAgreement';
  agreementLink: string;
  attestationId?: string;
}

export interface Qualification {
  qualification: QualificationName;
  vettingStatus: VettingStatus;
  vettingReason?: string;
  vettingCreateDate: string;
  educationSegment?: 'K12' | 'HigherEducation';
  website?: string;
}

export interface IndirectReseller {
  tenantId: string;
  mpnId?: string;
  name?: string;
}

export interface Tenant {
  id: string;
  commerceId: string;
  domain: string;
  createdAt: string;
  relationshipToPartner: RelationshipToPartner;
  /** Realistic profile: epoch ms before which reads of a just-created customer answer 404. */
  readableAt?: number;
  /** Control knob: answer GET customer with 404 instead of 403 20002 while there is no relationship. */
  hiddenWithoutRelationship: boolean;
  indirectReseller?: IndirectReseller;
  associatedPartnerId?: string;
  organizationRegistrationNumber?: string;
  billingProfile: BillingProfile;
  etagVersion: number;
  directSignedMca: boolean;
  agreements: Agreement[];
  accountStatus?: AccountStatus;
  accountStatusUpdatedAt: string;
  qualifications: Map<QualificationName, Qualification>;
  /** Vetting outcomes decided through the control API before the qualification was requested. */
  presetVetting: Map<QualificationName, VettingStatus>;
}

/** Enhanced MCA attestation: the assumed shape of partner-center-api.md "Follow-up (November 2026)". */
export interface Attestation {
  id: string;
  status: 'pending' | 'accepted';
  country: string;
  language: string;
  companyName: string;
  signatoryFirstName: string;
  signatoryLastName: string;
  signatoryEmail: string;
  signatoryPhoneNumber?: string;
  /** Optional link to a customer (simulator extension) so `accept-mca` knows which ones to accept. */
  customerId?: string;
  createdDateTime: string;
  expirationDateTime: string;
  acceptedDateTime?: string;
  acceptanceUrl: string;
  /** The agreement created from it, once created. */
  agreementCustomerId?: string;
}
