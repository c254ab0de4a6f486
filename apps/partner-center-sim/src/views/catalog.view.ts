import { type SeedAvailability, type SeedProduct, type SeedSku, catalogItemIdOf } from '../state/catalog.seed';
import { currencyOf } from '../state/country-rules';
import { definedOnly, link } from './links';

const PRODUCT_TYPE = { id: 'OnlineServicesNCE', displayName: 'OnlineServicesNCE' };

/** `base` is '' for the partner catalog or `/customers/{id}` for the customer-scoped variants. */
export function productView(product: SeedProduct, country: string, base = ''): Record<string, unknown> {
  return {
    id: product.id,
    title: product.title,
    description: product.description,
    productType: PRODUCT_TYPE,
    isMicrosoftProduct: true,
    publisherName: 'Microsoft Corporation',
    links: {
      skus: link(`${base}/products/${product.id}/skus?country=${country}`),
      self: link(`${base}/products/${product.id}?country=${country}`),
    },
    attributes: { objectType: 'Product' },
  };
}

export function skuView(product: SeedProduct, sku: SeedSku, country: string, base = ''): Record<string, unknown> {
  const cycles = [...new Set(sku.availabilities.flatMap((availability) => availability.terms.map((term) => term.billingCycle)))];
  return definedOnly({
    id: sku.id,
    productId: product.id,
    title: sku.title,
    description: sku.description,
    minimumQuantity: sku.minimumQuantity,
    maximumQuantity: sku.maximumQuantity,
    isTrial: false,
    supportedBillingCycles: cycles,
    purchasePrerequisites: ['MicrosoftCloudAgreement'],
    inventoryVariables: [],
    provisioningVariables: [],
    actions: [],
    dynamicAttributes: {
      isAddon: false,
      prerequisiteSkus: [],
      upgradeTargetOffers: sku.upgradeTargetOffers,
      hasConstraints: false,
      isTrial: false,
    },
    attestationProperties: sku.attestationProperties,
    links: {
      availabilities: link(`${base}/products/${product.id}/skus/${sku.id}/availabilities?country=${country}`),
      self: link(`${base}/products/${product.id}/skus/${sku.id}?country=${country}`),
    },
    attributes: { objectType: 'Sku' },
  });
}

export function availabilityView(
  product: SeedProduct,
  sku: SeedSku,
  availability: SeedAvailability,
  country: string,
  isPurchasable: boolean,
  base = '',
): Record<string, unknown> {
  const currency = currencyOf(country);
  return {
    id: availability.id,
    productId: product.id,
    skuId: sku.id,
    catalogItemId: catalogItemIdOf(product.id, sku.id, availability.id),
    defaultCurrency: currency,
    segment: availability.segment,
    country,
    isPurchasable,
    isRenewable: true,
    renewalInstructions: [],
    terms: availability.terms.map((term) => ({
      duration: term.duration,
      description: term.description,
      billingCycle: term.billingCycle,
      renewalOptions:
        term.duration === 'P1M'
          ? [{ termDuration: 'P1M', description: 'One-Month commitment' }]
          : [{ termDuration: 'P1Y', description: 'One-Year commitment' }],
      // NCE: full refund for 7 days after purchase (168 hours).
      cancellationPolicies: [{ refundOptions: [{ sequenceId: 0, type: 'Full', expiresAfter: 'P7D' }] }],
    })),
    includedQuantityOptions: [],
    product: { id: product.id, title: product.title, productType: PRODUCT_TYPE },
    sku: {
      id: sku.id,
      title: sku.title,
      minimumQuantity: sku.minimumQuantity,
      maximumQuantity: sku.maximumQuantity,
      attestationProperties: sku.attestationProperties,
    },
    links: { self: link(`${base}/products/${product.id}/skus/${sku.id}/availabilities/${availability.id}?country=${country}`) },
    attributes: { objectType: 'Availability' },
  };
}
