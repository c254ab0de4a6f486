import type { ResourceAttributes, ResourceLinks } from './common.model';

export interface Address {
  firstName?: string;
  lastName?: string;
  addressLine1: string;
  addressLine2?: string;
  addressLine3?: string;
  city: string;
  state?: string;
  postalCode?: string;
  country: string;
  region?: string;
  phoneNumber?: string;
}

export interface CompanyProfile {
  tenantId?: string;
  domain: string;
  companyName?: string;
  organizationRegistrationNumber?: string;
  attributes?: ResourceAttributes;
}

export interface BillingProfile {
  id?: string;
  firstName?: string;
  lastName?: string;
  email: string;
  culture: string;
  language: string;
  companyName: string;
  defaultAddress: Address;
  attributes?: ResourceAttributes;
}

export type RelationshipToPartner = 'none' | 'reseller' | 'advisor' | 'syndication' | 'microsoft_support';

export interface UserCredentials {
  userName: string;
  password: string;
}

export interface Customer {
  id: string;
  commerceId?: string;
  companyProfile: CompanyProfile;
  billingProfile?: BillingProfile;
  relationshipToPartner?: RelationshipToPartner;
  allowDelegatedAccess?: boolean;
  userCredentials?: UserCredentials;
  customDomains?: string[];
  associatedPartnerId?: string;
  links?: ResourceLinks;
  attributes?: ResourceAttributes;
}

/** Body of POST /v1/customers (sent camelCase; Partner Center binds either casing). */
export interface CreateCustomerRequest {
  companyProfile: Pick<CompanyProfile, 'domain' | 'companyName' | 'organizationRegistrationNumber'>;
  billingProfile: Omit<BillingProfile, 'id' | 'attributes'>;
  /** Indirect provider creating for a reseller: the reseller's tenant id (App+User only). */
  associatedPartnerId?: string;
  /** true: Microsoft creates its default GDAP relationship; omitted means true in production. */
  enableGDAPByDefault?: boolean;
}

/** The create response always carries the initial admin credentials (shown only once). */
export type CreatedCustomer = Customer & { userCredentials: UserCredentials };

export interface RelationshipRequest {
  url: string;
  attributes?: ResourceAttributes;
}

export interface RelationshipRequestQuery {
  indirectResellerId?: string;
  indirectCloudSolutionProviderId?: string;
}

export type PartnerRelationshipType = 'is_indirect_cloud_solution_provider_of' | 'is_indirect_reseller_of';

export interface PartnerRelationship {
  id: string;
  name?: string;
  relationshipType: PartnerRelationshipType | string;
  mpnId?: string;
  location?: string;
  state?: string;
  attributes?: ResourceAttributes;
}
