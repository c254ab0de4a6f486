import type { CatalogOffer, CatalogPlan } from '../domain/catalog-plan.model';

/** Where NCE offers come from: Partner Center (through the client) or a fixture. */
export interface CatalogSource {
  listNceOffers(): Promise<CatalogOffer[]>;
}

export interface CatalogRepository {
  replaceAll(plans: CatalogPlan[], syncedAt: Date): Promise<void>;
  listAll(): Promise<CatalogPlan[]>;
}
