import { createRedis } from '@nce/messaging';
import { createPartnerCenterClient } from '@nce/partner-center';
import { type SyncResult, createSubscriptionsContext } from '@nce/subscriptions';
import type { Redis } from 'ioredis';
import type { OpsContext } from '../ops-context';
import { tokenStore } from './connect-partner-center.command';

/**
 * Refreshes our copy of subscriptions from Partner Center (issue 17): one customer's, or every
 * known one. Reads only; inside the deployment's shared request budget, like sync-catalog.
 */
export async function syncSubscriptions(context: OpsContext, customerId: string | undefined): Promise<SyncResult> {
  const redis = createRedis(context.config.redis, { maxRetriesPerRequest: 3 });
  redis.on('error', () => undefined);
  const client = createPartnerCenterClient(context.config.partnerCenter, {
    redis: redis as Redis,
    budgetKeyPrefix: `${context.config.redis.queuePrefix}:pc-budget`,
    refreshTokens: tokenStore(context),
  });
  try {
    // A sync commits copies only (no change events, no outbox rows): nothing to wake.
    const sync = createSubscriptionsContext({
      unitOfWork: context.unitOfWork,
      wakeups: { committed: () => undefined },
      onCommitted: () => undefined,
    }).sync(client);
    return customerId ? await sync.customer(customerId) : await sync.all();
  } finally {
    await client.close();
    redis.disconnect();
  }
}
