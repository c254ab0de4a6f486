import type { CatalogOffer, CatalogPlan, CatalogRepository, CatalogSource, NceOfferReader } from '@nce/catalog';

/** An NCE offer with one monthly P1M term unless told otherwise. */
export function catalogOffer(overrides: Partial<CatalogOffer> = {}): CatalogOffer {
  return {
    catalogItemId: 'CFQ7TTC0LH18:0001',
    productId: 'CFQ7TTC0LH18',
    skuId: '0001',
    title: 'Microsoft 365 Business Basic',
    segment: 'commercial',
    terms: [{ termDuration: 'P1M', billingCycle: 'monthly' }],
    minQuantity: 1,
    maxQuantity: 300,
    requiresOfferAttestation: false,
    ...overrides,
  };
}

/** The stored catalog in memory; counts reads so a cache in front of it can be observed. */
export class InMemoryCatalogRepository implements CatalogRepository {
  plans: CatalogPlan[] = [];
  syncedAt: Date | null = null;
  reads = 0;
  replacements = 0;

  constructor(plans: CatalogPlan[] = []) {
    this.plans = [...plans];
  }

  async replaceAll(plans: CatalogPlan[], syncedAt: Date): Promise<void> {
    this.plans = [...plans];
    this.syncedAt = syncedAt;
    this.replacements += 1;
  }

  async listAll(): Promise<CatalogPlan[]> {
    this.reads += 1;
    return [...this.plans];
  }
}

/** A catalog source answering the offers it holds (or failing with `failure`). */
export class FixedCatalogSource implements CatalogSource {
  failure: Error | null = null;

  constructor(public offers: CatalogOffer[]) {}

  async listNceOffers(): Promise<CatalogOffer[]> {
    if (this.failure) throw this.failure;
    return this.offers;
  }
}

export type NceOfferRow = Awaited<ReturnType<NceOfferReader['listNceOffers']>>[number];
export type PriceSheetRow = Awaited<ReturnType<NceOfferReader['getLicensePriceSheet']>>[number];

/** The slice of the Partner Center client the catalog source reads: offers per segment, one price sheet. */
export class FakeNceOfferReader implements NceOfferReader {
  readonly offerCalls: Array<{ country: string; segment: string }> = [];
  readonly sheetCalls: string[] = [];

  constructor(
    private readonly offersBySegment: Readonly<Record<string, NceOfferRow[]>>,
    private readonly sheet: PriceSheetRow[] = [],
  ) {}

  async listNceOffers(country: string, segment: string): Promise<NceOfferRow[]> {
    this.offerCalls.push({ country, segment });
    return this.offersBySegment[segment] ?? [];
  }

  async getLicensePriceSheet(market: string): Promise<PriceSheetRow[]> {
    this.sheetCalls.push(market);
    return this.sheet;
  }
}
