import type { ResourceAttributes, ResourceLinks } from './common.model';

export type BillingCycle = 'unknown' | 'monthly' | 'annual' | 'none' | 'one_time' | 'triennial' | 'biennial';
export type TermDuration = 'P1M' | 'P1Y' | 'P3Y';

export const NCE_PRODUCT_TYPE_ID = 'OnlineServicesNCE';

export interface ProductType {
  id: string;
  displayName?: string;
  subType?: { id: string; displayName?: string };
}

export interface Product {
  id: string;
  title: string;
  description?: string;
  productType: ProductType;
  isMicrosoftProduct?: boolean;
  publisherName?: string;
  links?: ResourceLinks;
  attributes?: ResourceAttributes;
}

export interface SkuAttestationProperties {
  enforceAttestation: boolean;
  attestationType?: string;
}

export interface Sku {
  id: string;
  productId: string;
  title: string;
  description?: string;
  minimumQuantity: number;
  maximumQuantity: number;
  isTrial?: boolean;
  termsOfUseUri?: string;
  supportedBillingCycles?: BillingCycle[];
  purchasePrerequisites?: string[];
  inventoryVariables?: string[];
  provisioningVariables?: string[];
  constraints?: unknown[];
  dynamicAttributes?: Record<string, unknown>;
  attestationProperties?: SkuAttestationProperties;
  consumptionType?: string;
  links?: ResourceLinks;
  attributes?: ResourceAttributes;
}

export interface RenewalOption {
  termDuration: string;
  description?: string;
}

export interface AvailabilityTerm {
  id?: string;
  duration: TermDuration | string;
  description?: string;
  billingCycle: BillingCycle | string;
  renewalOptions?: RenewalOption[];
  cancellationPolicies?: Array<{ refundOptions?: unknown[] }>;
}

export interface Availability {
  id: string;
  productId: string;
  skuId: string;
  catalogItemId: string;
  defaultCurrency?: { code: string; symbol?: string };
  segment: string;
  country: string;
  isPurchasable: boolean;
  isRenewable?: boolean;
  renewalInstructions?: unknown[];
  terms: AvailabilityTerm[];
  includedQuantityOptions?: number[];
  product?: Product;
  sku?: Sku;
  links?: ResourceLinks;
  attributes?: ResourceAttributes;
}

export interface CatalogQuery {
  country: string;
  targetSegment?: string;
  targetView?: string;
}

/** One orderable NCE plan, flattened from product → sku → availability. */
export interface NceOfferRow {
  catalogItemId: string;
  productId: string;
  skuId: string;
  availabilityId: string;
  title: string;
  segment: string;
  terms: Array<{ termDuration: string; billingCycle: string }>;
  minQuantity: number;
  maxQuantity: number;
  requiresOfferAttestation: boolean;
}
