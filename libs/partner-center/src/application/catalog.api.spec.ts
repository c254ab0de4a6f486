import { CatalogApi } from './catalog.api';
import { FakeTransport } from './fake-transport.testing';

const nce = { id: 'CFQ7TTC0LH18', title: 'Microsoft 365 Business Basic', productType: { id: 'OnlineServicesNCE' } };
const legacy = { id: 'LEGACY1', title: 'Legacy', productType: { id: 'OnlineServices' } };

describe('CatalogApi.listNceOffers', () => {
  it('walks products → skus → availabilities into flat purchasable NCE plan rows', async () => {
    const transport = new FakeTransport()
      .answer('GET /v1/products?country=US&targetView=OnlineServices&targetSegment=commercial', { body: { items: [nce, legacy] } })
      .answer('GET /v1/products/CFQ7TTC0LH18/skus?country=US&targetSegment=commercial', {
        body: {
          items: [
            { id: '0001', productId: 'CFQ7TTC0LH18', title: 'Business Basic', minimumQuantity: 1, maximumQuantity: 300 },
            {
              id: '0002',
              productId: 'CFQ7TTC0LH18',
              title: '',
              minimumQuantity: 1,
              maximumQuantity: 5,
              attestationProperties: { enforceAttestation: true },
            },
          ],
        },
      })
      .answer('GET /v1/products/CFQ7TTC0LH18/skus/0001/availabilities?country=US&targetSegment=commercial', {
        body: {
          items: [
            {
              id: 'CFQ7TTC0K971',
              productId: 'CFQ7TTC0LH18',
              skuId: '0001',
              catalogItemId: 'CFQ7TTC0LH18:0001:CFQ7TTC0K971',
              segment: 'Commercial',
              country: 'US',
              isPurchasable: true,
              terms: [
                { duration: 'P1M', billingCycle: 'monthly' },
                { duration: 'P1Y', billingCycle: 'annual' },
              ],
            },
            {
              id: 'GONE',
              productId: 'CFQ7TTC0LH18',
              skuId: '0001',
              catalogItemId: 'x',
              segment: 'Commercial',
              country: 'US',
              isPurchasable: false,
              terms: [],
            },
          ],
        },
      })
      .answer('GET /v1/products/CFQ7TTC0LH18/skus/0002/availabilities?country=US&targetSegment=commercial', {
        body: {
          items: [
            {
              id: 'AV2',
              productId: 'CFQ7TTC0LH18',
              skuId: '0002',
              catalogItemId: 'CFQ7TTC0LH18:0002:AV2',
              segment: 'Commercial',
              country: 'US',
              isPurchasable: true,
              terms: [{ duration: 'P1Y', billingCycle: 'monthly' }],
            },
          ],
        },
      });
    const rows = await new CatalogApi(transport).listNceOffers('US', 'commercial');
    expect(rows).toEqual([
      {
        catalogItemId: 'CFQ7TTC0LH18:0001:CFQ7TTC0K971',
        productId: 'CFQ7TTC0LH18',
        skuId: '0001',
        availabilityId: 'CFQ7TTC0K971',
        title: 'Business Basic',
        segment: 'Commercial',
        terms: [
          { termDuration: 'P1M', billingCycle: 'monthly' },
          { termDuration: 'P1Y', billingCycle: 'annual' },
        ],
        minQuantity: 1,
        maxQuantity: 300,
        requiresOfferAttestation: false,
      },
      expect.objectContaining({
        catalogItemId: 'CFQ7TTC0LH18:0002:AV2',
        title: 'Microsoft 365 Business Basic',
        requiresOfferAttestation: true,
        maxQuantity: 5,
      }),
    ]);
    expect(transport.calls.every((call) => call.dependency === 'catalog' && call.auth === 'app')).toBe(true);
    expect(transport.calls.some((call) => call.route.path.includes('LEGACY1'))).toBe(false);
  });
});
