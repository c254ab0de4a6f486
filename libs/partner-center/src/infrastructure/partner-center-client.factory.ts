import type { PartnerCenterConfig } from '@nce/config';
import type { Redis } from 'ioredis';
import type { CallObserver } from '../domain/common.model';
import type { RefreshTokenStore } from '../application/refresh-token-store.port';
import { PartnerCenterClient } from './partner-center.client';

export interface PartnerCenterClientDependencies {
  redis?: Redis;
  budgetKeyPrefix?: string;
  observer?: CallObserver;
  /** The refresh-token store (SqlRefreshTokenStore in the processes). */
  refreshTokens?: RefreshTokenStore;
}

/**
 * Nest-free factory: a Nest module wraps it in `useFactory`, workers and benchmarks call it directly.
 * The budget key prefix defaults to the queue prefix's namespace so that every process of one
 * deployment shares the same budget.
 */
export function createPartnerCenterClient(
  config: PartnerCenterConfig,
  dependencies: PartnerCenterClientDependencies = {},
): PartnerCenterClient {
  return new PartnerCenterClient({
    config,
    redis: dependencies.redis,
    budgetKeyPrefix: dependencies.budgetKeyPrefix ?? `nce:partner-center:${config.partnerTenantId}`,
    observer: dependencies.observer,
    refreshTokens: dependencies.refreshTokens,
  });
}
