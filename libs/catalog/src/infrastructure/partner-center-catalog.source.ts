import type { CatalogSource } from '../application/catalog.ports';
import type { CatalogOffer, Segment } from '../domain/catalog-plan';

/** The slice of the Partner Center client this adapter needs (products → skus → availabilities, flattened). */
export interface NceOfferReader {
  listNceOffers(country: string, segment: string): Promise<
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
}

/** Catalog from Partner Center through the production client (the simulator in development). */
export class PartnerCenterCatalogSource implements CatalogSource {
  constructor(private readonly client: NceOfferReader, private readonly country: string, private readonly segments: readonly Segment[]) {}

  async listNceOffers(): Promise<CatalogOffer[]> {
    const perSegment = await Promise.all(this.segments.map((segment) => this.client.listNceOffers(this.country, segment)));
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
        terms: row.terms,
        minQuantity: row.minQuantity,
        maxQuantity: row.maxQuantity,
        requiresOfferAttestation: row.requiresOfferAttestation,
      });
    }
    return [...offers.values()];
  }
}
