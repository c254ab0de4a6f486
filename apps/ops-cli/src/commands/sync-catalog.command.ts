import { PartnerCenterCatalogSource, SqlCatalogRepository, SyncCatalog } from '@nce/catalog';
import { createPartnerCenterClient } from '@nce/partner-center';
import type { OpsContext } from '../ops-context';

/** Pulls the NCE catalog from Partner Center (or the simulator) into MySQL. */
export async function syncCatalog(context: OpsContext): Promise<{ offers: number; plans: number }> {
  const client = createPartnerCenterClient(context.config.partnerCenter);
  const source = new PartnerCenterCatalogSource(client, context.config.catalog.country, context.config.catalog.segments);
  return new SyncCatalog(source, new SqlCatalogRepository(context.unitOfWork)).execute();
}
