import { PartnerCenterCatalogSource, SqlCatalogRepository, SyncCatalog } from '@nce/catalog';
import { SqlRefreshTokenStore, createPartnerCenterClient } from '@nce/partner-center';
import { SecretBox } from '@nce/persistence';
import type { OpsContext } from '../ops-context';

/**
 * Pulls the NCE catalog from Partner Center (or the simulator) into MySQL. The price sheet is App+User
 * only, so the client redeems the refresh token kept in MySQL (connect-partner-center), like every process.
 */
export async function syncCatalog(context: OpsContext): Promise<{ offers: number; plans: number }> {
  const { partnerCenter, security } = context.config;
  const refreshTokens = new SqlRefreshTokenStore(context.unitOfWork, new SecretBox(security.encryptionKey.reveal()), partnerCenter.partnerTenantId, partnerCenter.refreshToken.reveal());
  const client = createPartnerCenterClient(partnerCenter, { refreshTokens });
  const source = new PartnerCenterCatalogSource(client, context.config.catalog.country, context.config.catalog.segments);
  return new SyncCatalog(source, new SqlCatalogRepository(context.unitOfWork)).execute();
}
