import type { PartnerCenterConfig } from '@nce/config';
import { PartnerCenterClient } from '@nce/partner-center';
// Deep imports: @nce/config's index also exports ConfigModule (ESM-only @nestjs/common).
import { Secret } from '../../../libs/config/src/secret';
import { buildSimulator, simulatorUrl } from '../../../apps/partner-center-sim/src/server';
import { readSimulatorConfig } from '../../../libs/config/src/simulator.config';
import { EnvReader } from '../../../libs/config/src/env-reader';
import { consentThroughSimulator } from '../../../libs/testing/src/sim-consent';

/** What `npm run test:contract` needs to run against a real Partner Center integration sandbox. */
export const LIVE_VARIABLES = [
  'PC_CONTRACT_TENANT_ID',
  'PC_CONTRACT_CLIENT_ID',
  'PC_CONTRACT_REFRESH_TOKEN',
  'PC_CONTRACT_CUSTOMER_ID',
] as const;

export function missingLiveVariables(env: NodeJS.ProcessEnv = process.env): string[] {
  const missing: string[] = LIVE_VARIABLES.filter((name) => !env[name]);
  if (!env.PC_CONTRACT_CLIENT_SECRET && !env.PC_CONTRACT_CLIENT_CERTIFICATE_PATH)
    missing.push('PC_CONTRACT_CLIENT_SECRET or PC_CONTRACT_CLIENT_CERTIFICATE_PATH');
  return missing;
}

export interface ContractTarget {
  name: 'simulator' | 'sandbox';
  client: PartnerCenterClient;
  /** A customer of the partner with a reseller relationship (the sandbox's test customer). */
  customerId: string;
  close(): Promise<void>;
}

const breaker = {
  timeoutMs: 20_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 100,
  resetTimeoutMs: 30_000,
  rollingCountTimeoutMs: 60_000,
};

function config(
  base: Pick<
    PartnerCenterConfig,
    'apiUrl' | 'graphUrl' | 'authorityUrl' | 'partnerTenantId' | 'clientId' | 'clientSecret' | 'refreshToken'
  > & { clientCertificatePath?: string },
): PartnerCenterConfig {
  return {
    ...base,
    partnerCenterResource: 'https://api.partnercenter.microsoft.com',
    graphResource: 'https://graph.microsoft.com',
    locale: 'en-US',
    authRecheckMs: 1_000,
    breakers: { customers: breaker, commerce: breaker, catalog: breaker, graph: breaker },
    budgetPerPartnerPerMinute: 0,
    budgetPerCustomerPerMinute: 0,
    budgetMaxWaitMs: 0,
    budgetGroups: {},
    budgetWindowMs: 60_000,
    budgetWindowGuardMs: 0,
    budgetHeadroomPercent: 0,
    budgetRecheckPercent: 100,
    mcaMode: 'enhanced',
  };
}

/**
 * The sandbox when `PC_CONTRACT_LIVE=1` (set by `npm run test:contract` once every PC_CONTRACT_*
 * variable is there), else the simulator in-process with a device-code consent and one customer.
 */
export async function openContractTarget(): Promise<ContractTarget> {
  const env = process.env;
  if (env.PC_CONTRACT_LIVE === '1') {
    const missing = missingLiveVariables(env);
    if (missing.length > 0) throw new Error(`PC_CONTRACT_LIVE=1 but ${missing.join(', ')} not set`);
    const client = new PartnerCenterClient({
      config: config({
        apiUrl: env.PC_CONTRACT_API_URL ?? 'https://api.partnercenter.microsoft.com',
        graphUrl: env.PC_CONTRACT_GRAPH_URL ?? 'https://graph.microsoft.com',
        authorityUrl: env.PC_CONTRACT_AUTHORITY_URL ?? 'https://login.microsoftonline.com',
        partnerTenantId: String(env.PC_CONTRACT_TENANT_ID),
        clientId: String(env.PC_CONTRACT_CLIENT_ID),
        clientSecret: new Secret(env.PC_CONTRACT_CLIENT_SECRET ?? ''),
        clientCertificatePath: env.PC_CONTRACT_CLIENT_CERTIFICATE_PATH,
        refreshToken: new Secret(String(env.PC_CONTRACT_REFRESH_TOKEN)),
      }),
    });
    return { name: 'sandbox', client, customerId: String(env.PC_CONTRACT_CUSTOMER_ID), close: () => client.close() };
  }
  const partnerTenantId = '7d3c4b1e-5a0f-4f39-9d8e-2f1b6c0a9e11';
  const app = buildSimulator({ ...readSimulatorConfig(new EnvReader({})), port: 0, logRequests: false, partnerTenantId });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = simulatorUrl(app);
  const clientId = 'nce-contract-suite';
  const refreshToken = await consentThroughSimulator(url, { partnerTenantId, clientId });
  const created = await fetch(`${url}/_sim/tenants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ domain: `contract${Date.now().toString(36)}.onmicrosoft.com`, mca: 'valid' }),
  });
  const { tenantId } = (await created.json()) as { tenantId: string };
  const client = new PartnerCenterClient({
    config: config({
      apiUrl: url,
      graphUrl: url,
      authorityUrl: url,
      partnerTenantId,
      clientId,
      clientSecret: new Secret('contract-secret'),
      refreshToken: new Secret(refreshToken),
    }),
  });
  return {
    name: 'simulator',
    client,
    customerId: tenantId,
    close: async () => {
      await client.close();
      await app.close();
    },
  };
}
