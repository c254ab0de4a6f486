import { readFileSync } from 'node:fs';
import { Agent, type Dispatcher } from 'undici';
import type { Redis } from 'ioredis';
import type { PartnerCenterConfig } from '@nce/config';
import { BreakerRegistry, RequestBudget } from '@nce/resilience';
import type { CallObserver } from '../domain/common.model';
import { HttpTransport, countsAgainstBreaker } from './http-transport';
import { TokenProvider } from './token-provider';
import type { RefreshTokenStore } from '../application/refresh-token-store.port';
import { certificateAssertionSigner } from './client-assertion';

export interface PartnerCenterClientOptions {
  config: PartnerCenterConfig;
  /** Enables the shared request budgets (when a limit in the config is above 0). */
  redis?: Redis;
  /** Redis key prefix of the budgets; default `nce:partner-center`. */
  budgetKeyPrefix?: string;
  /** Budget window; one minute unless a test shortens it. */
  budgetWindowMs?: number;
  observer?: CallObserver;
  /** Where the App+User refresh token lives (MySQL in the processes); default: in memory, seeded from the config. */
  refreshTokens?: RefreshTokenStore;
  /** Share one registry between clients of a process (health shows one state per dependency). */
  breakers?: BreakerRegistry;
  dispatcher?: Dispatcher;
  now?: () => number;
}

export interface PartnerCenterRuntime {
  transport: HttpTransport;
  tokens: TokenProvider;
  breakers: BreakerRegistry;
  budget?: RequestBudget;
  close(): Promise<void>;
}

/** Wires the adapters of one client: keep-alive pool, tokens, breakers, budget, transport. */
export function createRuntime(options: PartnerCenterClientOptions): PartnerCenterRuntime {
  const { config } = options;
  const ownsDispatcher = options.dispatcher === undefined;
  // One keep-alive Agent keeps a connection pool per origin (Partner Center, Graph, authority).
  const dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000, connections: 128 });
  const ownsBreakers = options.breakers === undefined;
  const breakers =
    options.breakers ?? new BreakerRegistry({ settings: config.breakers, countsAsFailure: countsAgainstBreaker, now: options.now });
  const tokens = new TokenProvider({
    authorityUrl: config.authorityUrl,
    partnerTenantId: config.partnerTenantId,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    clientAssertion: config.clientCertificatePath
      ? certificateAssertionSigner(config.clientId, readFileSync(config.clientCertificatePath, 'utf8'))
      : undefined,
    refreshToken: config.refreshToken,
    refreshTokens: options.refreshTokens,
    authRecheckMs: config.authRecheckMs,
    resources: { partner_center: config.partnerCenterResource, graph: config.graphResource },
    dispatcher,
    timeoutMs: config.breakers.customers.timeoutMs,
    now: options.now,
  });
  const headroom = (limit: number): number =>
    limit > 0 ? Math.max(1, Math.floor((limit * (100 - config.budgetHeadroomPercent)) / 100)) : 0;
  const groupLimits = Object.fromEntries(
    Object.entries(config.budgetGroups).map(([group, limits]) => [
      group,
      { perPartner: headroom(limits.perPartner), perCustomer: headroom(limits.perCustomer) },
    ]),
  );
  const candidate = options.redis
    ? new RequestBudget({
        redis: options.redis,
        keyPrefix: options.budgetKeyPrefix ?? 'nce:partner-center',
        limits: { perPartner: headroom(config.budgetPerPartnerPerMinute), perCustomer: headroom(config.budgetPerCustomerPerMinute) },
        groupLimits,
        maxWaitMs: config.budgetMaxWaitMs,
        windowMs: options.budgetWindowMs ?? config.budgetWindowMs,
        windowGuardMs: options.budgetWindowMs === undefined ? config.budgetWindowGuardMs : 0,
        recheckShare: config.budgetRecheckPercent / 100,
        now: options.now,
      })
    : undefined;
  const budget = candidate?.enabled ? candidate : undefined;
  const transport = new HttpTransport({
    apiUrl: config.apiUrl,
    graphUrl: config.graphUrl,
    partnerTenantId: config.partnerTenantId,
    locale: config.locale,
    dispatcher,
    tokens,
    breakers,
    budget,
    observer: options.observer,
    now: options.now,
  });
  return {
    transport,
    tokens,
    breakers,
    budget,
    async close() {
      if (ownsBreakers) breakers.shutdown();
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}
