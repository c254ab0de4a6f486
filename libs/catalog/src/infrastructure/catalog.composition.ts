import type { UnitOfWork } from '@nce/persistence';
import { CatalogQuery } from '../application/catalog-query';
import { SqlCatalogRepository } from './sql-catalog.repository';

/** The catalog context's one object graph (API and workers read plans through `query`). */
export function createCatalogContext(deps: { unitOfWork: UnitOfWork }) {
  const repository = new SqlCatalogRepository(deps.unitOfWork);
  return { repository, query: new CatalogQuery(repository) };
}
