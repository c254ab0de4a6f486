import { FakeNceOfferReader, type NceOfferRow, type PriceSheetRow } from '../../../testing/src/fakes/catalog.fakes';
import { PartnerCenterCatalogSource } from './partner-center-catalog.source';

const row = (patch: Partial<NceOfferRow> = {}): NceOfferRow => ({
  catalogItemId: 'CFQ7TTC0LH18:0001',
  productId: 'CFQ7TTC0LH18',
  skuId: '0001',
  title: 'Microsoft 365 Business Basic',
  segment: 'Commercial',
  terms: [
    { termDuration: 'P1M', billingCycle: 'monthly' },
    { termDuration: 'P1Y', billingCycle: 'annual' },
  ],
  minQuantity: 1,
  maxQuantity: 300,
  requiresOfferAttestation: false,
  ...patch,
});
const price = (patch: Partial<PriceSheetRow>): PriceSheetRow => ({
  productId: 'CFQ7TTC0LH18',
  skuId: '0001',
  termDuration: 'P1M',
  billingCycle: 'Monthly',
  currency: 'USD',
  unitPrice: 6,
  erpPrice: 7.2,
  segment: 'Commercial',
  ...patch,
});

describe('PartnerCenterCatalogSource', () => {
  it('reads each configured segment of the market and its price sheet once', async () => {
    const reader = new FakeNceOfferReader({ commercial: [row()], education: [] });

    await new PartnerCenterCatalogSource(reader, 'DE', ['commercial', 'education']).listNceOffers();

    expect(reader.offerCalls).toEqual([
      { country: 'DE', segment: 'commercial' },
      { country: 'DE', segment: 'education' },
    ]);
    expect(reader.sheetCalls).toEqual(['DE']);
  });

  it('prices each term from the sheet row of its segment, whatever the casing, and leaves a term the sheet lacks unpriced', async () => {
    const sheet = [price({ unitPrice: 6 }), price({ segment: 'Education', unitPrice: 1.5 })];
    const reader = new FakeNceOfferReader({ commercial: [row()] }, sheet);

    const [offer] = await new PartnerCenterCatalogSource(reader, 'US', ['commercial']).listNceOffers();

    expect(offer.segment).toBe('commercial');
    expect(offer.terms).toEqual([
      { termDuration: 'P1M', billingCycle: 'monthly', msPrice: { unitPrice: 6, erpPrice: 7.2, currency: 'USD' } },
      { termDuration: 'P1Y', billingCycle: 'annual', msPrice: null },
    ]);
  });

  it('prices from a sheet row without a segment when no row of the segment matches', async () => {
    const reader = new FakeNceOfferReader({ education: [row({ segment: 'Education' })] }, [price({ segment: null, unitPrice: 4 })]);

    const [offer] = await new PartnerCenterCatalogSource(reader, 'US', ['education']).listNceOffers();

    expect(offer.terms[0].msPrice).toEqual({ unitPrice: 4, erpPrice: 7.2, currency: 'USD' });
  });

  it('keeps commercial and education offers only, each catalog item once', async () => {
    const reader = new FakeNceOfferReader({
      commercial: [row(), row({ catalogItemId: 'CHARITY:0001', segment: 'Charity' })],
      education: [row()],
    });

    const offers = await new PartnerCenterCatalogSource(reader, 'US', ['commercial', 'education']).listNceOffers();

    expect(offers.map((offer) => offer.catalogItemId)).toEqual(['CFQ7TTC0LH18:0001']);
  });
});
