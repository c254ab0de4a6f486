import { CATALOG_SEED, SEED_CATALOG_ITEMS } from '../state/catalog.seed';
import { SimTestKit } from '../testing/sim-test-kit';

interface Collection {
  totalCount: number;
  items: Record<string, unknown>[];
}

describe('NCE catalog', () => {
  let sim: SimTestKit;

  beforeAll(async () => {
    sim = await SimTestKit.start();
  });
  afterAll(() => sim.close());

  it('lists NCE products for OnlineServices, filtered by segment', async () => {
    const all = await sim.call<Collection>('GET', '/v1/products?country=US&targetView=OnlineServices', { token: 'app' });
    expect(all.body.totalCount).toBe(CATALOG_SEED.length);
    expect(all.body.items.every((product) => (product.productType as { id: string }).id === 'OnlineServicesNCE')).toBe(true);
    const education = await sim.call<Collection>('GET', '/v1/products?country=US&targetView=OnlineServices&targetSegment=education');
    expect(education.body.items.map((product) => product.id)).toEqual(['CFQ7TTC0EDU1']);
    expect((await sim.call('GET', '/v1/products?country=US&targetView=Nonsense')).body.code).toBe(400036);
    expect((await sim.call('GET', '/v1/products?country=US&targetView=OnlineServices&targetSegment=retail')).body.code).toBe(400030);
  });

  it('serves Business Basic with the documented catalogItemId, quantities and terms', async () => {
    const skus = await sim.call<Collection>('GET', '/v1/products/CFQ7TTC0LH18/skus?country=US');
    expect(skus.body.items[0]).toMatchObject({
      id: '0001',
      productId: 'CFQ7TTC0LH18',
      minimumQuantity: 1,
      maximumQuantity: 300,
      supportedBillingCycles: expect.arrayContaining(['monthly', 'annual']),
    });
    const availabilities = await sim.call<Collection>('GET', '/v1/products/CFQ7TTC0LH18/skus/0001/availabilities?country=US');
    const availability = availabilities.body.items[0];
    expect(availability).toMatchObject({
      id: 'CFQ7TTC0K971',
      catalogItemId: SEED_CATALOG_ITEMS.businessBasic,
      isPurchasable: true,
      segment: 'commercial',
      defaultCurrency: { code: 'USD' },
    });
    const terms = (availability.terms as { duration: string; billingCycle: string }[]).map(
      (term) => `${term.duration}/${term.billingCycle}`,
    );
    expect(terms).toEqual(expect.arrayContaining(['P1M/monthly', 'P1Y/monthly', 'P1Y/annual', 'P3Y/annual', 'P3Y/triennial']));
    const single = await sim.call('GET', '/v1/products/CFQ7TTC0LH18/skus/0001/availabilities/CFQ7TTC0K971?country=US');
    expect(single.body.catalogItemId).toBe(SEED_CATALOG_ITEMS.businessBasic);
  });

  it('seeds distinct availabilities and one SKU that enforces attestation', async () => {
    const ids = Object.values(SEED_CATALOG_ITEMS).map((catalogItemId) => catalogItemId.split(':')[2]);
    expect(new Set(ids).size).toBe(ids.length);
    const sku = await sim.call('GET', '/v1/products/CFQ7TTC0W365/skus/0001?country=US');
    expect(sku.body.attestationProperties).toEqual({ enforceAttestation: true, attestationType: expect.any(String) });
  });

  it('serves customer-scoped catalog variants in the customer country', async () => {
    const tenantId = await sim.createTenant({ country: 'DE' });
    const availabilities = await sim.call<Collection>('GET', `/v1/customers/${tenantId}/products/CFQ7TTC0LCHC/skus/0002/availabilities`);
    expect(availabilities.body.items[0]).toMatchObject({
      country: 'DE',
      defaultCurrency: { code: 'EUR' },
      catalogItemId: SEED_CATALOG_ITEMS.businessPremium,
    });
    expect((await sim.call('GET', '/v1/products/NOPE/skus?country=US')).status).toBe(404);
  });
});
