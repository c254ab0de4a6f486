import { PartnerCenterCatalogSource, SqlCatalogRepository, SyncCatalog } from '@nce/catalog';
import { createRedis } from '@nce/messaging';
import { createPartnerCenterClient } from '@nce/partner-center';
import type { Redis } from 'ioredis';
import type { OpsContext } from '../ops-context';
import { tokenStore } from './connect-partner-center.command';

/**
 * Pulls the NCE catalog from Partner Center (or the simulator) into MySQL, inside the shared throttle.
 * The price sheet is App+User only, so the client redeems the refresh token kept in MySQL
 * (connect-partner-center), like every process.
 */
export async function syncCatalog(context: OpsContext): Promise<{ offers: number; plans: number }> {
  const { partnerCenter } = context.config;
  const redis = createRedis(context.config.redis, { maxRetriesPerRequest: 3 });
  redis.on('error', () => undefined);
  // The same key prefix as the workers: a sync takes its calls from the deployment's one budget.
  const client = createPartnerCenterClient(partnerCenter, {
    redis: redis as Redis,
    budgetKeyPrefix: `${context.config.redis.queuePrefix}:pc-budget`,
    refreshTokens: tokenStore(context),
  });
  try {
    const source = new PartnerCenterCatalogSource(client, context.config.catalog.country, context.config.catalog.segments);
    return await new SyncCatalog(source, new SqlCatalogRepository(context.unitOfWork)).execute();
  } finally {
    await client.close();
    redis.disconnect();
  }
}
