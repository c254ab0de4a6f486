export { plansOf, type CatalogOffer, type CatalogPlan, type Segment } from './domain/catalog-plan';
export type { CatalogRepository, CatalogSource } from './application/catalog.ports';
export { SyncCatalog } from './application/sync-catalog.use-case';
export { CatalogQuery } from './application/catalog-query';
export { SqlCatalogRepository } from './infrastructure/sql-catalog.repository';
export { PartnerCenterCatalogSource, type NceOfferReader } from './infrastructure/partner-center-catalog.source';
