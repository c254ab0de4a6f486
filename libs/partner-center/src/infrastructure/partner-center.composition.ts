import type { PartnerCenterConfig } from '@nce/config';
import type { SecretBox, UnitOfWork } from '@nce/persistence';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { CallObservation } from '../domain/common.model';
import { registerAuthenticationMetrics } from './authentication-metrics';
import type { PartnerCenterClient } from './partner-center.client';
import { createPartnerCenterClient } from './partner-center-client.factory';
import { SqlRefreshTokenStore } from './sql-refresh-token.store';

/** Where a process reports Partner Center calls and breaker changes (the observability lib's MetricsRecorder fits). */
export interface PartnerCenterMetrics {
  readonly registry: Registry;
  partnerCenterCall(call: CallObservation): void;
  breakerChanged(dependency: string, state: 'closed' | 'open' | 'half_open'): void;
}

/**
 * The client as the API and every worker open it: the refresh token in MySQL (sealed), the request
 * budget shared through Redis under the queue prefix, calls and breaker states in the process's metrics.
 */
export function connectPartnerCenter(
  config: PartnerCenterConfig,
  deps: {
    unitOfWork: UnitOfWork;
    secretBox: SecretBox;
    redis: Redis;
    queuePrefix: string;
    metrics: PartnerCenterMetrics;
    onCall?: (call: CallObservation) => void;
  },
): PartnerCenterClient {
  const client = createPartnerCenterClient(config, {
    refreshTokens: new SqlRefreshTokenStore(deps.unitOfWork, deps.secretBox, config.partnerTenantId, config.refreshToken.reveal()),
    redis: deps.redis,
    budgetKeyPrefix: `${deps.queuePrefix}:pc-budget`,
    observer: (call) => {
      deps.metrics.partnerCenterCall(call);
      deps.onCall?.(call);
    },
  });
  for (const breaker of client.breakers.snapshot()) deps.metrics.breakerChanged(breaker.name, breaker.state);
  client.breakers.onStateChange((change) => deps.metrics.breakerChanged(change.name, change.to));
  registerAuthenticationMetrics(deps.metrics.registry, () => client.authenticationState());
  return client;
}
