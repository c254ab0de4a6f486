import { InMemoryCatalogRepository, catalogOffer } from '../../../testing/src/fakes/catalog.fakes';
import { plansOf } from '../domain/catalog-plan.model';
import { CatalogQuery } from './catalog-query';

const basic = catalogOffer({
  terms: [
    { termDuration: 'P1M', billingCycle: 'monthly' },
    { termDuration: 'P1Y', billingCycle: 'annual' },
  ],
});
const standard = catalogOffer({ catalogItemId: 'CFQ7TTC0LDPB:0001', productId: 'CFQ7TTC0LDPB', title: 'Microsoft 365 Business Standard' });

function setup(): { repository: InMemoryCatalogRepository; query: CatalogQuery; now: { ms: number } } {
  const repository = new InMemoryCatalogRepository([...plansOf(basic), ...plansOf(standard)]);
  const now = { ms: 1_000_000 };
  return { repository, query: new CatalogQuery(repository, () => now.ms), now };
}

describe('CatalogQuery', () => {
  it('answers the plans of one catalog item, and none for an item the catalog does not have', async () => {
    const { query } = setup();

    expect((await query.plansFor('CFQ7TTC0LH18:0001')).map((plan) => plan.termDuration)).toEqual(['P1M', 'P1Y']);
    expect(await query.plansFor('CFQ7TTC0LDPB:0001')).toHaveLength(1);
    expect(await query.plansFor('UNKNOWN:0001')).toEqual([]);
    expect(await query.listPlans()).toHaveLength(3);
  });

  it('reads the store once for every question asked within 30 seconds', async () => {
    const { repository, query, now } = setup();

    await query.listPlans();
    now.ms += 29_999;
    await query.plansFor('CFQ7TTC0LH18:0001');
    await query.listPlans();

    expect(repository.reads).toBe(1);
  });

  it('sees a sync made elsewhere once 30 seconds have passed', async () => {
    const { repository, query, now } = setup();
    await query.listPlans();
    repository.plans = plansOf(standard);

    now.ms += 29_000;
    expect(await query.plansFor('CFQ7TTC0LH18:0001')).toHaveLength(2);
    now.ms += 1_000;
    expect(await query.plansFor('CFQ7TTC0LH18:0001')).toEqual([]);
    expect(repository.reads).toBe(2);
  });

  it('reads the store again at once after invalidate (a sync in this process)', async () => {
    const { repository, query } = setup();
    await query.listPlans();
    repository.plans = plansOf(standard);

    query.invalidate();

    expect(await query.listPlans()).toHaveLength(1);
    expect(repository.reads).toBe(2);
  });

  it('shares one read among questions asked while the first read is in flight', async () => {
    const { repository, query } = setup();

    const answers = await Promise.all([query.listPlans(), query.plansFor('CFQ7TTC0LDPB:0001'), query.listPlans()]);

    expect(answers.map((answer) => answer.length)).toEqual([3, 1, 3]);
    expect(repository.reads).toBe(1);
  });

  it('asks the store again on every question while the catalog is empty (not synced yet)', async () => {
    const repository = new InMemoryCatalogRepository();
    const query = new CatalogQuery(repository, () => 1_000_000);

    expect(await query.listPlans()).toEqual([]);
    repository.plans = plansOf(basic);

    expect(await query.listPlans()).toHaveLength(2);
    expect(repository.reads).toBe(2);
  });
});
