import type { PartnerCenterClient } from '@nce/partner-center';
import { SimHarness } from './sim-harness';

const BUSINESS_BASIC = { productId: 'CFQ7TTC0LH18', skuId: '0001', catalogItemId: 'CFQ7TTC0LH18:0001:CFQ7TTC0K971' };

describe('PartnerCenterClient contract: catalog', () => {
  let sim: SimHarness;
  let client: PartnerCenterClient;

  beforeAll(async () => {
    sim = await SimHarness.start();
    client = sim.client();
  });
  afterAll(() => sim.close());

  it('lists NCE products for a country and segment', async () => {
    const products = await client.listProducts({ country: 'US', targetSegment: 'commercial' });
    expect(products.map((product) => product.id)).toContain(BUSINESS_BASIC.productId);
    expect(products.every((product) => product.productType.id === 'OnlineServicesNCE')).toBe(true);
  });

  it('lists and gets SKUs, with quantity limits and attestation properties', async () => {
    const skus = await client.listSkus(BUSINESS_BASIC.productId, { country: 'US', targetSegment: 'commercial' });
    expect(skus).toEqual([
      expect.objectContaining({ id: '0001', productId: BUSINESS_BASIC.productId, minimumQuantity: 1, maximumQuantity: 300 }),
    ]);
    await expect(client.getSku(BUSINESS_BASIC.productId, BUSINESS_BASIC.skuId, 'US')).resolves.toMatchObject({
      id: '0001',
      title: 'Microsoft 365 Business Basic',
    });
  });

  it('lists availabilities with catalogItemId and terms', async () => {
    const availabilities = await client.listAvailabilities(BUSINESS_BASIC.productId, BUSINESS_BASIC.skuId, {
      country: 'US',
      targetSegment: 'commercial',
    });
    expect(availabilities).toEqual([expect.objectContaining({ catalogItemId: BUSINESS_BASIC.catalogItemId, isPurchasable: true })]);
    expect(availabilities[0].terms).toEqual(expect.arrayContaining([expect.objectContaining({ duration: 'P1Y', billingCycle: 'annual' })]));
  });

  it('flattens the commercial NCE catalog into plan rows, flagging offer attestation', async () => {
    const rows = await client.listNceOffers('US', 'commercial');
    const basic = rows.find((row) => row.catalogItemId === BUSINESS_BASIC.catalogItemId);
    expect(basic).toMatchObject({
      productId: BUSINESS_BASIC.productId,
      skuId: '0001',
      availabilityId: 'CFQ7TTC0K971',
      segment: expect.stringMatching(/^commercial$/i),
      minQuantity: 1,
      maxQuantity: 300,
      requiresOfferAttestation: false,
    });
    expect(basic?.terms).toEqual(
      expect.arrayContaining([
        { termDuration: 'P1M', billingCycle: 'monthly' },
        { termDuration: 'P3Y', billingCycle: 'triennial' },
      ]),
    );
    expect(rows.some((row) => row.requiresOfferAttestation)).toBe(true);
    expect(rows.every((row) => row.segment.toLowerCase() === 'commercial')).toBe(true);
  });

  it('leaves retired catalog items out of the plan rows', async () => {
    await sim.control('POST', '/_sim/catalog/retire', { catalogItemId: 'CFQ7TTC0LF8Q:0001:CFQ7TTC0K5E3' });
    const rows = await client.listNceOffers('US', 'commercial');
    expect(rows.map((row) => row.catalogItemId)).not.toContain('CFQ7TTC0LF8Q:0001:CFQ7TTC0K5E3');
  });

  it('reports a disallowed segment as a permanent 403 400030', async () => {
    await expect(client.listProducts({ country: 'US', targetSegment: 'consumer' })).rejects.toMatchObject({
      httpStatus: 403,
      code: '400030',
      retryClass: 'permanent',
    });
  });

  it('reads the new commerce license-based price sheet of a market (App+User, CSV) into prices per term and billing plan', async () => {
    const rows = await client.getLicensePriceSheet('GB');
    const basic = rows.filter((row) => row.productId === BUSINESS_BASIC.productId && row.termDuration === 'P1Y');
    expect(basic.map((row) => [row.billingCycle, row.currency, row.market])).toEqual([
      ['monthly', 'GBP', 'GB'],
      ['annual', 'GBP', 'GB'],
    ]);
    expect(basic[1].unitPrice).toBeCloseTo(basic[0].unitPrice * 12, 1);
    expect(basic[0].erpPrice).toBeGreaterThan(basic[0].unitPrice);
    expect(rows.find((row) => row.productId === 'CFQ7TTC0EDU1')?.segment).toBe('education');
  });
});
