import type { Agreement, Attestation, Qualification, Tenant } from '../state/tenant.model';
import { definedOnly, link } from './links';

export function customerView(tenant: Tenant): Record<string, unknown> {
  const billing = tenant.billingProfile;
  const etag = `W/"${tenant.etagVersion}"`;
  return definedOnly({
    id: tenant.id,
    commerceId: tenant.commerceId,
    companyProfile: definedOnly({
      tenantId: tenant.id,
      domain: tenant.domain,
      companyName: billing.companyName,
      organizationRegistrationNumber: tenant.organizationRegistrationNumber,
      links: { self: link(`/customers/${tenant.id}/profiles/company`) },
      attributes: { objectType: 'CustomerCompanyProfile' },
    }),
    billingProfile: definedOnly({
      id: billing.id,
      firstName: billing.defaultAddress.firstName,
      lastName: billing.defaultAddress.lastName,
      email: billing.email,
      culture: billing.culture,
      language: billing.language,
      companyName: billing.companyName,
      defaultAddress: definedOnly({ ...billing.defaultAddress }),
      links: { self: link(`/customers/${tenant.id}/profiles/billing`) },
      attributes: { etag, objectType: 'CustomerBillingProfile' },
    }),
    relationshipToPartner: tenant.relationshipToPartner,
    allowDelegatedAccess: true,
    customDomains: [],
    associatedPartnerId: tenant.associatedPartnerId,
    links: { self: link(`/customers/${tenant.id}`) },
    attributes: { objectType: 'Customer' },
  });
}

export function agreementView(agreement: Agreement): Record<string, unknown> {
  return definedOnly({
    userId: agreement.userId,
    primaryContact: definedOnly({ ...agreement.primaryContact }),
    templateId: agreement.templateId,
    dateAgreed: agreement.dateAgreed,
    type: agreement.type,
    agreementLink: agreement.agreementLink,
    attestationId: agreement.attestationId,
    attributes: { objectType: 'Agreement' },
  });
}

export function qualificationView(qualification: Qualification): Record<string, unknown> {
  return definedOnly({
    qualification: qualification.qualification,
    vettingStatus: qualification.vettingStatus,
    vettingReason: qualification.vettingReason,
    vettingCreateDate: qualification.vettingCreateDate,
  });
}

export function attestationView(attestation: Attestation, now: number): Record<string, unknown> {
  const expired = attestation.status === 'pending' && now >= Date.parse(attestation.expirationDateTime);
  return definedOnly({
    id: attestation.id,
    status: expired ? 'expired' : attestation.status,
    acceptanceUrl: attestation.acceptanceUrl,
    createdDateTime: attestation.createdDateTime,
    expirationDateTime: attestation.expirationDateTime,
    acceptedDateTime: attestation.acceptedDateTime,
    country: attestation.country,
    language: attestation.language,
    companyName: attestation.companyName,
    signatoryFirstName: attestation.signatoryFirstName,
    signatoryLastName: attestation.signatoryLastName,
    signatoryEmail: attestation.signatoryEmail,
    signatoryPhoneNumber: attestation.signatoryPhoneNumber,
    customerId: attestation.customerId,
  });
}
