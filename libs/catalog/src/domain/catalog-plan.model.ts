export type Segment = 'commercial' | 'education';

/** One orderable NCE plan: a catalog item with one term / billing-cycle pair. */
export interface CatalogPlan {
  catalogItemId: string;
  productId: string;
  skuId: string;
  title: string;
  segment: Segment;
  termDuration: string;
  billingCycle: string;
  minQuantity: number;
  maxQuantity: number;
  requiresOfferAttestation: boolean;
  /** Microsoft's price of this plan from the license-based price sheet (null: not in the sheet). */
  msPrice: MicrosoftPrice | null;
}

/** Per licence per billing period, in the market's currency. */
export interface MicrosoftPrice {
  /** The partner's price (what Microsoft bills the partner). */
  unitPrice: number;
  /** Microsoft's estimated retail price, when the sheet has it. */
  erpPrice: number | null;
  currency: string;
}

/** A catalog item as Partner Center describes it, with every term it offers. */
export interface CatalogOffer {
  catalogItemId: string;
  productId: string;
  skuId: string;
  title: string;
  segment: Segment;
  terms: Array<{ termDuration: string; billingCycle: string; msPrice?: MicrosoftPrice | null }>;
  minQuantity: number;
  maxQuantity: number;
  requiresOfferAttestation: boolean;
}

export function plansOf(offer: CatalogOffer): CatalogPlan[] {
  return offer.terms.map((term) => ({
    catalogItemId: offer.catalogItemId,
    productId: offer.productId,
    skuId: offer.skuId,
    title: offer.title,
    segment: offer.segment,
    termDuration: term.termDuration,
    billingCycle: term.billingCycle,
    minQuantity: offer.minQuantity,
    maxQuantity: offer.maxQuantity,
    requiresOfferAttestation: offer.requiresOfferAttestation,
    msPrice: term.msPrice ?? null,
  }));
}
