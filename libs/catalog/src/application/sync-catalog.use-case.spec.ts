import { FixedCatalogSource, InMemoryCatalogRepository, catalogOffer } from '../../../testing/src/fakes/catalog.fakes';
import { plansOf } from '../domain/catalog-plan.model';
import { SyncCatalog } from './sync-catalog.use-case';

const SYNCED_AT = new Date('2026-12-03T10:00:00Z');

describe('SyncCatalog', () => {
  it('stores one plan per term of every offer, stamped with the sync time, and counts both', async () => {
    const basic = catalogOffer({
      terms: [
        { termDuration: 'P1M', billingCycle: 'monthly', msPrice: { unitPrice: 6, erpPrice: 7.2, currency: 'USD' } },
        { termDuration: 'P1Y', billingCycle: 'annual' },
      ],
    });
    const education = catalogOffer({
      catalogItemId: 'CFQ7TTC0LH0R:0002',
      productId: 'CFQ7TTC0LH0R',
      skuId: '0002',
      segment: 'education',
      requiresOfferAttestation: true,
    });
    const repository = new InMemoryCatalogRepository();

    const result = await new SyncCatalog(new FixedCatalogSource([basic, education]), repository, () => SYNCED_AT).execute();

    expect(result).toEqual({ offers: 2, plans: 3 });
    expect(repository.syncedAt).toEqual(SYNCED_AT);
    expect(
      repository.plans.map((plan) => [plan.catalogItemId, plan.termDuration, plan.billingCycle, plan.msPrice?.unitPrice ?? null]),
    ).toEqual([
      ['CFQ7TTC0LH18:0001', 'P1M', 'monthly', 6],
      ['CFQ7TTC0LH18:0001', 'P1Y', 'annual', null],
      ['CFQ7TTC0LH0R:0002', 'P1M', 'monthly', null],
    ]);
    expect(repository.plans[2]).toMatchObject({ segment: 'education', requiresOfferAttestation: true, minQuantity: 1, maxQuantity: 300 });
  });

  it('replaces the stored catalog: a plan Microsoft no longer sells is gone after the sync', async () => {
    const retired = plansOf(catalogOffer({ catalogItemId: 'RETIRED:0001' }));
    const repository = new InMemoryCatalogRepository(retired);

    await new SyncCatalog(new FixedCatalogSource([catalogOffer()]), repository, () => SYNCED_AT).execute();

    expect(repository.plans.map((plan) => plan.catalogItemId)).toEqual(['CFQ7TTC0LH18:0001']);
  });

  it('keeps the stored catalog when the source returns no NCE plan', async () => {
    const stored = plansOf(catalogOffer());
    const repository = new InMemoryCatalogRepository(stored);

    await expect(new SyncCatalog(new FixedCatalogSource([catalogOffer({ terms: [] })]), repository).execute()).rejects.toThrow(
      'keeping the stored catalog',
    );

    expect(repository.replacements).toBe(0);
    expect(repository.plans).toEqual(stored);
  });

  it('keeps the stored catalog when the source fails', async () => {
    const repository = new InMemoryCatalogRepository(plansOf(catalogOffer()));
    const source = new FixedCatalogSource([catalogOffer()]);
    source.failure = new Error('Partner Center unavailable');

    await expect(new SyncCatalog(source, repository).execute()).rejects.toThrow('Partner Center unavailable');

    expect(repository.replacements).toBe(0);
    expect(repository.plans).toHaveLength(1);
  });
});
