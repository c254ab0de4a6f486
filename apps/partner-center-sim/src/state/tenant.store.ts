import { randomUUID } from 'node:crypto';
import type { AccountStatus, Address, Attestation, McaState, RelationshipToPartner, Tenant } from './tenant.model';

/** Microsoft's MCA refresh: an MCA accepted before this date must be accepted again. */
export const MCA_REFRESH_DATE = '2023-04-01';
export const MCA_TEMPLATE_ID = '117a77b0-9360-443b-8795-c6dedc750cf9';
export const MCA_AGREEMENT_LINK = 'https://aka.ms/customeragreement';

export interface NewTenant {
  domain: string;
  companyName?: string;
  relationshipToPartner: RelationshipToPartner;
  accountStatus?: AccountStatus;
  address?: Address;
  email?: string;
  culture?: string;
  language?: string;
  organizationRegistrationNumber?: string;
  associatedPartnerId?: string;
  now: string;
}

/** Full primary domain: a bare prefix gets `.onmicrosoft.com`; always lower case. */
export function normaliseDomain(domain: string): string {
  const lower = domain.trim().toLowerCase();
  return lower.includes('.') ? lower : `${lower}.onmicrosoft.com`;
}

export class TenantStore {
  readonly tenants = new Map<string, Tenant>();
  private readonly domains = new Map<string, Tenant>();
  readonly attestations = new Map<string, Attestation>();

  create(input: NewTenant): Tenant {
    const domain = normaliseDomain(input.domain);
    const companyName = input.companyName ?? domain.split('.')[0];
    const tenant: Tenant = {
      id: randomUUID(),
      commerceId: randomUUID(),
      domain,
      createdAt: input.now,
      relationshipToPartner: input.relationshipToPartner,
      hiddenWithoutRelationship: false,
      associatedPartnerId: input.associatedPartnerId,
      organizationRegistrationNumber: input.organizationRegistrationNumber,
      billingProfile: {
        id: randomUUID(),
        email: input.email ?? `admin@${domain}`,
        culture: input.culture ?? 'en-US',
        language: input.language ?? 'en',
        companyName,
        defaultAddress: input.address ?? {
          country: 'US',
          city: 'Redmond',
          state: 'WA',
          postalCode: '98052',
          addressLine1: '1 Microsoft Way',
        },
      },
      etagVersion: 1,
      directSignedMca: false,
      agreements: [],
      accountStatus: input.accountStatus,
      accountStatusUpdatedAt: input.now,
      qualifications: new Map(),
      presetVetting: new Map(),
    };
    this.tenants.set(tenant.id, tenant);
    this.domains.set(domain, tenant);
    return tenant;
  }

  byId(id: string): Tenant | undefined {
    return this.tenants.get(id.toLowerCase());
  }

  byDomain(domain: string): Tenant | undefined {
    return this.domains.get(normaliseDomain(domain));
  }

  /** Customers the partner can see: those with a reseller relationship, in creation order. */
  *withRelationship(): IterableIterator<Tenant> {
    for (const tenant of this.tenants.values()) {
      if (tenant.relationshipToPartner !== 'none') yield tenant;
    }
  }

  mcaState(tenant: Tenant): McaState {
    if (tenant.directSignedMca) return 'valid';
    let sawAgreement = false;
    for (const agreement of tenant.agreements) {
      if (agreement.type !== 'MicrosoftCustomerAgreement') continue;
      sawAgreement = true;
      if (agreement.dateAgreed.slice(0, 10) >= MCA_REFRESH_DATE) return 'valid';
    }
    return sawAgreement ? 'stale' : 'missing';
  }

  attestationsOf(customerId: string): Attestation[] {
    const result: Attestation[] = [];
    for (const attestation of this.attestations.values()) {
      if (attestation.customerId === customerId) result.push(attestation);
    }
    return result;
  }

  clear(): void {
    this.tenants.clear();
    this.domains.clear();
    this.attestations.clear();
  }
}
