import type { EnvReader } from './env-reader';
import type { Secret } from './secret';

export interface BreakerSettings {
  /** Per-call timeout in ms; a call that takes longer counts as a failure. */
  timeoutMs: number;
  /** Percentage of failed calls in the rolling window that opens the breaker. */
  errorThresholdPercentage: number;
  /** Minimum calls in the window before the percentage is considered. */
  volumeThreshold: number;
  /** How long the breaker stays open before letting one trial call through. */
  resetTimeoutMs: number;
  rollingCountTimeoutMs: number;
}

export type PartnerCenterDependency = 'customers' | 'commerce' | 'catalog' | 'graph';

export interface PartnerCenterConfig {
  /** Partner Center REST base, e.g. https://api.partnercenter.microsoft.com (the simulator in dev). */
  apiUrl: string;
  /** Microsoft Graph base, e.g. https://graph.microsoft.com. */
  graphUrl: string;
  /** Partner API base of the price sheets, e.g. https://api.partner.microsoft.com (unset: apiUrl). */
  pricingUrl?: string;
  /** Entra ID authority base, e.g. https://login.microsoftonline.com. */
  authorityUrl: string;
  partnerTenantId: string;
  clientId: string;
  clientSecret: Secret;
  /**
   * PEM file with the app registration's certificate and private key: app-only (and refresh-token)
   * requests then authenticate with a signed client assertion instead of the client secret.
   */
  clientCertificatePath?: string;
  /** Seeds an empty refresh-token store (App+User, Secure Application Model); the store keeps the newest token. */
  refreshToken: Secret;
  /** How long orders wait before re-checking while Partner Center authentication is broken. */
  authRecheckMs: number;
  /** Resource (audience) for Partner Center tokens. */
  partnerCenterResource: string;
  graphResource: string;
  locale: string;
  breakers: Record<PartnerCenterDependency, BreakerSettings>;
  /** Requests per minute; 0 disables the budget. */
  budgetPerPartnerPerMinute: number;
  budgetPerCustomerPerMinute: number;
  /** Longest a call waits for budget before it is reported as throttled to the job. */
  budgetMaxWaitMs: number;
  /** Per resource group overrides (`PC_BUDGET_GROUPS=graph:300/100,commerce:500/0`). */
  budgetGroups: Record<string, { perPartner: number; perCustomer: number }>;
  /** Window the limits apply to: one minute (Microsoft's unit); tests shorten it. */
  budgetWindowMs: number;
  /** Added to our window so a call in flight never lands twice in Microsoft's window. */
  budgetWindowGuardMs: number;
  /** Percent of each limit kept free, so our sliding window never meets Microsoft's at its edge. */
  budgetHeadroomPercent: number;
  /** Percent of a partner limit that re-checks of parked orders may use at most. */
  budgetRecheckPercent: number;
  /** MCA confirmation: the enhanced attestation API only (Microsoft retired the legacy agreement API on 2026-01-05). */
  mcaMode: 'enhanced';
}

function readBreaker(env: EnvReader, dependency: PartnerCenterDependency): BreakerSettings {
  const prefix = `PC_BREAKER_${dependency.toUpperCase()}`;
  return {
    timeoutMs: env.integer(`${prefix}_TIMEOUT_MS`, env.integer('PC_TIMEOUT_MS', 10_000, { min: 10 }), { min: 10 }),
    errorThresholdPercentage: env.integer(`${prefix}_ERROR_PERCENT`, env.integer('PC_BREAKER_ERROR_PERCENT', 50, { min: 1, max: 100 }), {
      min: 1,
      max: 100,
    }),
    volumeThreshold: env.integer(`${prefix}_VOLUME`, env.integer('PC_BREAKER_VOLUME', 10, { min: 1 }), { min: 1 }),
    resetTimeoutMs: env.integer(`${prefix}_RESET_MS`, env.integer('PC_BREAKER_RESET_MS', 30_000, { min: 10 }), { min: 10 }),
    rollingCountTimeoutMs: env.integer(`${prefix}_WINDOW_MS`, env.integer('PC_BREAKER_WINDOW_MS', 10_000, { min: 100 }), { min: 100 }),
  };
}

const BUDGET_GROUPS = ['customers', 'commerce', 'subscriptions', 'agreements', 'graph', 'catalog'];

function readBudgetGroups(env: EnvReader): Record<string, { perPartner: number; perCustomer: number }> {
  const groups: Record<string, { perPartner: number; perCustomer: number }> = {};
  for (const entry of env.list('PC_BUDGET_GROUPS')) {
    const match = /^([a-z]+):(\d+)\/(\d+)$/.exec(entry);
    if (!match || !BUDGET_GROUPS.includes(match[1])) {
      env.problems.push(
        `PC_BUDGET_GROUPS: "${entry}" must be <group>:<partner rpm>/<customer rpm> with group one of ${BUDGET_GROUPS.join(', ')}`,
      );
      continue;
    }
    groups[match[1]] = { perPartner: Number(match[2]), perCustomer: Number(match[3]) };
  }
  return groups;
}

export function readPartnerCenterConfig(env: EnvReader): PartnerCenterConfig {
  return {
    apiUrl: env.url('PARTNER_CENTER_URL', 'http://127.0.0.1:3100', ['http:', 'https:']),
    graphUrl: env.url('GRAPH_URL', 'http://127.0.0.1:3100', ['http:', 'https:']),
    pricingUrl: env.url('PARTNER_PRICING_URL', '', ['http:', 'https:']) || undefined,
    authorityUrl: env.url('AUTHORITY_URL', 'http://127.0.0.1:3100', ['http:', 'https:']),
    partnerTenantId: env.string('PARTNER_TENANT_ID', '7d3c4b1e-5a0f-4f39-9d8e-2f1b6c0a9e11'),
    clientId: env.string('PC_CLIENT_ID', 'nce-provisioning-dev'),
    clientSecret: env.secret('PC_CLIENT_SECRET', 'dev-secret'),
    clientCertificatePath: env.optionalString('PC_CLIENT_CERTIFICATE_PATH'),
    refreshToken: env.secret('PC_REFRESH_TOKEN', ''),
    authRecheckMs: env.integer('PC_AUTH_RECHECK_MS', 15_000, { min: 100 }),
    partnerCenterResource: env.string('PC_RESOURCE', 'https://api.partnercenter.microsoft.com'),
    graphResource: env.string('GRAPH_RESOURCE', 'https://graph.microsoft.com'),
    locale: env.string('PC_LOCALE', 'en-US'),
    breakers: {
      customers: readBreaker(env, 'customers'),
      commerce: readBreaker(env, 'commerce'),
      catalog: readBreaker(env, 'catalog'),
      graph: readBreaker(env, 'graph'),
    },
    // On by default at Microsoft's documented 500 requests/minute per tenant identifier, per group.
    budgetPerPartnerPerMinute: env.integer('PC_BUDGET_PARTNER_RPM', 500, { min: 0 }),
    budgetPerCustomerPerMinute: env.integer('PC_BUDGET_CUSTOMER_RPM', 500, { min: 0 }),
    budgetMaxWaitMs: env.integer('PC_BUDGET_MAX_WAIT_MS', 30_000, { min: 0 }),
    budgetGroups: readBudgetGroups(env),
    budgetWindowMs: env.integer('PC_BUDGET_WINDOW_MS', 60_000, { min: 100 }),
    budgetWindowGuardMs: env.integer('PC_BUDGET_WINDOW_GUARD_MS', 1_000, { min: 0 }),
    budgetHeadroomPercent: env.integer('PC_BUDGET_HEADROOM_PERCENT', 2, { min: 0, max: 50 }),
    budgetRecheckPercent: env.integer('PC_BUDGET_RECHECK_PERCENT', 8, { min: 1, max: 100 }),
    mcaMode: readMcaMode(env),
  };
}

/** `MCA_MODE=legacy` is refused at start: Microsoft retired the legacy agreement API on 2026-01-05. */
function readMcaMode(env: EnvReader): 'enhanced' {
  const raw = env.optionalString('MCA_MODE');
  if (raw === 'legacy') {
    env.problems.push(
      'MCA_MODE: "legacy" is no longer supported: Microsoft retired the legacy MCA agreement API on 2026-01-05. Remove MCA_MODE (the enhanced attestation API is used).',
    );
  } else if (raw !== undefined && raw !== 'enhanced') {
    env.problems.push(`MCA_MODE: must be "enhanced" (or unset), got "${raw}"`);
  }
  return 'enhanced';
}
