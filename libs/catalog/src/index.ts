export { plansOf, type CatalogOffer, type CatalogPlan, type MicrosoftPrice, type Segment } from './domain/catalog-plan.model';
export {
  DEFAULT_PRICING,
  customerPrice,
  roundPrice,
  type PlanPrice,
  type PriceListEntry,
  type PricingSettings,
} from './domain/customer-price.model';
export type { CatalogRepository, CatalogSource } from './application/catalog.ports';
export { SyncCatalog } from './application/sync-catalog.use-case';
export { CatalogQuery } from './application/catalog-query';
export { SqlCatalogRepository } from './infrastructure/sql-catalog.repository';
export { PartnerCenterCatalogSource, type NceOfferReader } from './infrastructure/partner-center-catalog.source';
export { createCatalogContext } from './infrastructure/catalog.composition';
