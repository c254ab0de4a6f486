import { AuthenticateApiKey } from '@nce/accounts';
import { type AppConfig, APP_CONFIG } from '@nce/config';
import { QueueRegistry } from '@nce/messaging';
import { Logger, type Provider } from '@nestjs/common';
import { PanelSessionPrincipals } from '../panel/panel-session.principals';
import { BearerKeyResolver, PRINCIPAL_RESOLVERS, type PrincipalResolver } from './auth.guard';
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
  {
    provide: RequestRateLimits,
    inject: [QueueRegistry, APP_CONFIG],
    useFactory: (queues: QueueRegistry, config: AppConfig) =>
      new RequestRateLimits(queues.connection, config.redis.queuePrefix, config.api.rateLimits, storeFailure),
  },
  {
    provide: PRINCIPAL_RESOLVERS,
    inject: [AuthenticateApiKey, PanelSessionPrincipals],
    useFactory: (authenticate: AuthenticateApiKey, panelSessions: PanelSessionPrincipals): PrincipalResolver[] => [
      new BearerKeyResolver(authenticate),
      // The panel's cookie session is asked only when a request carries no Authorization header at all.
      { resolve: (request) => (request.headers.authorization === undefined ? panelSessions.resolve(request) : Promise.resolve(null)) },
    ],
  },
];
