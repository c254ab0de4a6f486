import type { ResourceAttributes } from './common.model';

export type AgreementType = 'MicrosoftCustomerAgreement' | 'MicrosoftCloudAgreement';

export interface AgreementMetadata {
  templateId: string;
  agreementType: AgreementType;
  agreementLink?: string;
  versionRank?: number;
}

export interface AgreementContact {
  firstName: string;
  lastName: string;
  email: string;
  phoneNumber?: string;
}

export interface Agreement {
  userId?: string;
  primaryContact: AgreementContact;
  templateId: string;
  dateAgreed: string;
  type: AgreementType;
  agreementLink?: string;
  /** Enhanced mode (assumed shape): the accepted attestation the agreement was created from. */
  attestationId?: string;
  attributes?: ResourceAttributes;
}

/** Legacy partner attestation, or (enhanced mode) the agreement created from an accepted attestation. */
export interface CreateAgreementRequest {
  type: AgreementType;
  templateId: string;
  dateAgreed: string;
  primaryContact: AgreementContact;
  attestationId?: string;
}

/** 600061 is an expected outcome (the agreement already exists), so it is a value, not an error. */
export type CreateAgreementOutcome = { alreadyExists: false; agreement: Agreement } | { alreadyExists: true };

export interface DirectSignStatus {
  isSigned: boolean;
}

/** Enhanced attestation request: confirmed fields plus the assumed signatory contact (api md, Nov 2026). */
export interface CreateEnhancedAttestationRequest {
  country: string;
  language: string;
  companyName: string;
  signatoryFirstName: string;
  signatoryLastName: string;
  signatoryEmail: string;
  signatoryPhoneNumber?: string;
  /** Not in the confirmed shape; the customer the attestation is for, when the API accepts it. */
  customerId?: string;
}

export type EnhancedAttestationStatus = 'pending' | 'accepted' | 'expired';

export interface EnhancedAttestation {
  id: string;
  status: EnhancedAttestationStatus;
  acceptanceUrl: string;
  createdDateTime: string;
  expirationDateTime: string;
}
