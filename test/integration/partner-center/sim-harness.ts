import type { AddressInfo } from 'node:net';
import type { BreakerSettings, PartnerCenterConfig, SimulatorConfig } from '@nce/config';
import { type CallObservation, PartnerCenterClient, type PartnerCenterClientOptions } from '@nce/partner-center';
// Deep imports: @nce/config's index also exports ConfigModule, whose @nestjs/common is ESM-only and
// cannot be required by jest on Node 20. These two files are plain TypeScript.
import { EnvReader } from '../../../libs/config/src/env-reader';
import { Secret } from '../../../libs/config/src/secret';
import { readSimulatorConfig } from '../../../libs/config/src/simulator.config';
import { buildSimulator } from '../../../apps/partner-center-sim/src/server';
import { consentThroughSimulator } from '../../../libs/testing/src/sim-consent';

const CLIENT_ID = 'nce-contract-tests';

export const PARTNER_TENANT_ID = '7d3c4b1e-5a0f-4f39-9d8e-2f1b6c0a9e11';

type Simulator = Awaited<ReturnType<typeof buildSimulator>>;

export interface SimTenantSpec {
  domain: string;
  relationship?: boolean;
  mca?: 'valid' | 'missing' | 'stale';
  accountStatus?: 'Allowed' | 'UnderReview' | 'NotAllowed' | 'Unknown' | 'None';
  qualifications?: unknown[];
  gdap?: 'none' | 'active' | 'expired';
  gdapRoles?: string[];
}

export interface FaultRule {
  method?: string;
  path: string;
  kind: '429' | '500' | '503' | 'timeout' | 'latency';
  probability?: number;
  count?: number;
  retryAfterSeconds?: number;
  latencyMs?: number;
}

export interface LedgerCheckout {
  customerId: string;
  cartId: string;
  requestId: string;
  correlationId: string;
  at: string;
}

export interface LedgerSubscriptionChange {
  customerId: string;
  subscriptionId: string;
  requestId: string;
  correlationId: string;
  changed: Record<string, unknown>;
  at: string;
}

export interface Ledger {
  checkouts: LedgerCheckout[];
  duplicateCheckouts: number;
  subscriptionChanges: LedgerSubscriptionChange[];
  duplicateSubscriptionChanges: number;
  requests: unknown;
}

const fastBreaker: BreakerSettings = {
  timeoutMs: 5_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 1_000,
  resetTimeoutMs: 1_000,
  rollingCountTimeoutMs: 10_000,
};

/** The simulator in-process on an ephemeral port, plus its control API and client factories. */
export class SimHarness {
  readonly clients: PartnerCenterClient[] = [];
  readonly observations: CallObservation[] = [];

  private constructor(
    private readonly app: Simulator,
    readonly url: string,
    /** The partner admin's consent (device code, approved with MFA) taken when the harness started. */
    readonly refreshToken: string,
  ) {}

  static async start(overrides: Partial<SimulatorConfig> = {}): Promise<SimHarness> {
    const config: SimulatorConfig = {
      ...readSimulatorConfig(new EnvReader({})),
      port: 0,
      logRequests: false,
      partnerTenantId: PARTNER_TENANT_ID,
      throttlePartnerPerMinute: 0,
      throttleCustomerPerMinute: 0,
      ...overrides,
    };
    const app = await buildSimulator(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    return new SimHarness(app, url, await consentThroughSimulator(url, { partnerTenantId: PARTNER_TENANT_ID, clientId: CLIENT_ID }));
  }

  config(overrides: Partial<PartnerCenterConfig> = {}, breaker: Partial<BreakerSettings> = {}): PartnerCenterConfig {
    const settings = { ...fastBreaker, ...breaker };
    return {
      apiUrl: this.url,
      graphUrl: this.url,
      authorityUrl: this.url,
      partnerTenantId: PARTNER_TENANT_ID,
      clientId: CLIENT_ID,
      clientSecret: new Secret('contract-secret'),
      refreshToken: new Secret(this.refreshToken),
      authRecheckMs: 1_000,
      partnerCenterResource: 'https://api.partnercenter.microsoft.com',
      graphResource: 'https://graph.microsoft.com',
      locale: 'en-US',
      breakers: { customers: settings, commerce: settings, catalog: settings, graph: settings },
      budgetPerPartnerPerMinute: 0,
      budgetPerCustomerPerMinute: 0,
      budgetMaxWaitMs: 0,
      budgetGroups: {},
      budgetWindowMs: 60_000,
      budgetWindowGuardMs: 0,
      budgetHeadroomPercent: 0,
      budgetRecheckPercent: 10,
      mcaMode: 'enhanced',
      ...overrides,
    };
  }

  client(options: Partial<PartnerCenterClientOptions> = {}): PartnerCenterClient {
    const client = new PartnerCenterClient({
      config: this.config(),
      observer: (observation) => this.observations.push(observation),
      ...options,
    });
    this.clients.push(client);
    return client;
  }

  async control<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`sim control ${method} ${path} → ${response.status} ${text}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  createTenant(spec: SimTenantSpec): Promise<{ tenantId: string; domain: string }> {
    return this.control('POST', '/_sim/tenants', spec);
  }

  setFaults(rules: FaultRule[]): Promise<unknown> {
    return this.control('PUT', '/_sim/faults', rules);
  }

  clearFaults(): Promise<unknown> {
    return this.control('DELETE', '/_sim/faults');
  }

  ledger(): Promise<Ledger> {
    return this.control('GET', '/_sim/ledger');
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.splice(0).map((client) => client.close()));
    await this.app.close();
  }
}

/** A config Secret (tests build configs without the env reader). */
export function secret(value: string): Secret {
  return new Secret(value);
}

let counter = 0;

/** A unique `*.onmicrosoft.com` domain per call (prefix: lowercase letters and digits, ≤ 27). */
export function uniqueDomain(label = 'ct'): string {
  counter += 1;
  const suffix = `${Date.now().toString(36)}${counter.toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  return `${label}${suffix}`.slice(0, 27).toLowerCase() + '.onmicrosoft.com';
}
