import { plansOf } from '../domain/catalog-plan.model';
import type { CatalogRepository, CatalogSource } from './catalog.ports';

/** Pulls every NCE offer from the source and replaces the stored plans in one transaction. */
export class SyncCatalog {
  constructor(
    private readonly source: CatalogSource,
    private readonly repository: CatalogRepository,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(): Promise<{ offers: number; plans: number }> {
    const offers = await this.source.listNceOffers();
    const plans = offers.flatMap(plansOf);
    if (plans.length === 0) throw new Error('Catalog source returned no NCE plans; keeping the stored catalog');
    await this.repository.replaceAll(plans, this.clock());
    return { offers: offers.length, plans: plans.length };
  }
}
