import { AuthenticateApiKey } from '@nce/accounts';
import { type AppConfig, APP_CONFIG } from '@nce/config';
import { QueueRegistry } from '@nce/messaging';
import { Logger, type Provider } from '@nestjs/common';
import { BearerKeyResolver, PRINCIPAL_RESOLVERS } from './auth.guard';
import { RequestRateLimits } from './rate-limits';

const logger = new Logger('http');
// One line per minute at most while Redis is unreachable: the limits are skipped, not the requests.
let lastStoreFailureLog = 0;
function storeFailure(error: unknown): void {
  if (Date.now() - lastStoreFailureLog < 60_000) return;
  lastStoreFailureLog = Date.now();
  logger.warn(`rate limits skipped: Redis did not answer (${error instanceof Error ? error.message : String(error)})`);
}

/** Authentication and rate limits of the HTTP layer. Another principal source joins PRINCIPAL_RESOLVERS. */
export const HTTP_PROVIDERS: Provider[] = [
  { provide: RequestRateLimits, inject: [QueueRegistry, APP_CONFIG], useFactory: (queues: QueueRegistry, config: AppConfig) => new RequestRateLimits(queues.connection, config.redis.queuePrefix, config.api.rateLimits, storeFailure) },
  { provide: PRINCIPAL_RESOLVERS, inject: [AuthenticateApiKey], useFactory: (authenticate: AuthenticateApiKey) => [new BearerKeyResolver(authenticate)] },
];
