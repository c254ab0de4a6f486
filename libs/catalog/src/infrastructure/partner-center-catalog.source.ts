import type { CatalogSource } from '../application/catalog.ports';
import type { CatalogOffer, MicrosoftPrice, Segment } from '../domain/catalog-plan.model';

/** The slice of the Partner Center client this adapter needs (products → skus → availabilities, flattened). */
export interface NceOfferReader {
  listNceOffers(
    country: string,
    segment: string,
  ): Promise<
    Array<{
      catalogItemId: string;
      productId: string;
      skuId: string;
      title: string;
      segment: string;
      terms: Array<{ termDuration: string; billingCycle: string }>;
      minQuantity: number;
      maxQuantity: number;
      requiresOfferAttestation: boolean;
    }>
  >;
  /** Microsoft's new commerce license-based price sheet of a market. */
  getLicensePriceSheet(market: string): Promise<
    Array<{
      productId: string;
      skuId: string;
      termDuration: string;
      billingCycle: string;
      currency: string;
      unitPrice: number;
      erpPrice: number | null;
      segment: string | null;
    }>
  >;
}

/** Catalog from Partner Center through the production client (the simulator in development). */
export class PartnerCenterCatalogSource implements CatalogSource {
  constructor(
    private readonly client: NceOfferReader,
    private readonly country: string,
    private readonly segments: readonly Segment[],
  ) {}

  async listNceOffers(): Promise<CatalogOffer[]> {
    const [perSegment, sheet] = await Promise.all([
      Promise.all(this.segments.map((segment) => this.client.listNceOffers(this.country, segment))),
      this.client.getLicensePriceSheet(this.country),
    ]);
    // One price per product, SKU, segment, term and billing plan (the sheet also has rows of other segments).
    const prices = new Map<string, MicrosoftPrice>();
    for (const row of sheet)
      prices.set(priceKey(row.productId, row.skuId, row.segment, row.termDuration, row.billingCycle), {
        unitPrice: row.unitPrice,
        erpPrice: row.erpPrice,
        currency: row.currency,
      });
    const offers = new Map<string, CatalogOffer>();
    for (const row of perSegment.flat()) {
      const segment = row.segment.toLowerCase();
      if (segment !== 'commercial' && segment !== 'education') continue;
      offers.set(row.catalogItemId, {
        catalogItemId: row.catalogItemId,
        productId: row.productId,
        skuId: row.skuId,
        title: row.title,
        segment,
        terms: row.terms.map((term) => ({
          ...term,
          msPrice:
            prices.get(priceKey(row.productId, row.skuId, segment, term.termDuration, term.billingCycle)) ??
            prices.get(priceKey(row.productId, row.skuId, null, term.termDuration, term.billingCycle)) ??
            null,
        })),
        minQuantity: row.minQuantity,
        maxQuantity: row.maxQuantity,
        requiresOfferAttestation: row.requiresOfferAttestation,
      });
    }
    return [...offers.values()];
  }
}

/** A sheet row without a Segment column matches every segment (keyed with null). */
function priceKey(productId: string, skuId: string, segment: string | null, termDuration: string, billingCycle: string): string {
  return [productId, skuId, segment ?? '*', termDuration, billingCycle].map((part) => part.toLowerCase()).join('|');
}
