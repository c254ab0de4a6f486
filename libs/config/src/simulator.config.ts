import type { EnvReader } from './env-reader';

/** Checkout gate names, in the default order the simulator evaluates them (INFERENCE in partner-center-api.md). */
export const SIMULATOR_CHECKOUT_GATES = [
  'relationship',
  'account',
  'mca',
  'partner_of_record',
  'sku_attestation',
  'quantity',
  'education',
] as const;

export type SimulatorCheckoutGate = (typeof SIMULATOR_CHECKOUT_GATES)[number];

export type SimulatorAccountStatus = 'Allowed' | 'UnderReview' | 'NotAllowed' | 'Unknown' | 'None';

export interface SimulatorConfig {
  host: string;
  port: number;
  /** The partner tenant the simulator acts as. */
  partnerTenantId: string;
  /** Delay before a checked-out order turns `completed` and its subscriptions `active` (0 = at once). */
  provisioningDelayMs: number;
  /** Delay of the GDAP approved → activating → active progression after approval. */
  gdapActivationDelayMs: number;
  /** Added to every response (latency profile). */
  latencyMs: number;
  logRequests: boolean;
  /** Lifetime of issued access tokens; tests use a few seconds to exercise refresh. */
  tokenLifetimeSeconds: number;
  /** Key that signs the simulator's access and refresh tokens; fixed so tokens survive a restart (development only). */
  tokenSigningKey: string;
  /** A refresh token expires this long after it was issued (Entra ID: 90 days). */
  refreshTokenLifetimeDays: number;
  /** Time a checkout stays "in flight" before it commits (a second checkout meanwhile gets 409 800064). */
  checkoutProcessingMs: number;
  /** Checkout gates, evaluated in this order; a gate left out is not checked. */
  checkoutGates: SimulatorCheckoutGate[];
  /** Base URL used in links the simulator hands out (acceptance pages); empty = taken from the Host header. */
  publicUrl: string;
  /** Most recent requests kept in the ledger. */
  ledgerLimit: number;
  /** Account validation status of customers created through `POST /v1/customers` ('None' = 404 600074). */
  newCustomerAccountStatus: SimulatorAccountStatus;
  /** A GDAP relationship left in approvalPending this long expires (Microsoft: 90 days). */
  gdapApprovalExpiryDays: number;
  /** An enhanced MCA attestation not accepted within this many days expires (guess: not published). */
  attestationExpiryDays: number;
  /** File the simulator keeps its tenants, orders and relationships in across restarts; unset = memory only. */
  stateFile?: string;
  /** `instant` answers at once; `realistic` imitates Microsoft's latency and asynchronous provisioning. */
  profile: SimulatorProfile;
  /** Multiplies every delay of the realistic profile (benchmarks shrink it; 1 = Microsoft-like). */
  latencyScale: number;
  /** Built-in throttling, requests per minute per partner tenant and resource group (0 = off). */
  throttlePartnerPerMinute: number;
  /** Built-in throttling, requests per minute per (partner, customer) pair and resource group (0 = off). */
  throttleCustomerPerMinute: number;
}

export const SIMULATOR_PROFILES = ['instant', 'realistic'] as const;
export type SimulatorProfile = (typeof SIMULATOR_PROFILES)[number];

export function readSimulatorConfig(env: EnvReader): SimulatorConfig {
  const gates = env.list('SIM_CHECKOUT_GATES');
  const unknownGates = gates.filter((gate) => !(SIMULATOR_CHECKOUT_GATES as readonly string[]).includes(gate));
  if (unknownGates.length > 0) {
    env.problems.push(`SIM_CHECKOUT_GATES: unknown gate(s) ${unknownGates.join(', ')}; allowed: ${SIMULATOR_CHECKOUT_GATES.join(', ')}`);
  }
  return {
    host: env.string('SIM_HOST', '127.0.0.1'),
    port: env.integer('SIM_PORT', 3100, { min: 0, max: 65535 }),
    partnerTenantId: env.string('PARTNER_TENANT_ID', '7d3c4b1e-5a0f-4f39-9d8e-2f1b6c0a9e11'),
    provisioningDelayMs: env.integer('SIM_PROVISIONING_DELAY_MS', 0, { min: 0 }),
    gdapActivationDelayMs: env.integer('SIM_GDAP_ACTIVATION_DELAY_MS', 0, { min: 0 }),
    latencyMs: env.integer('SIM_LATENCY_MS', 0, { min: 0 }),
    logRequests: env.boolean('SIM_LOG_REQUESTS', true),
    tokenLifetimeSeconds: env.integer('SIM_TOKEN_LIFETIME_SECONDS', 3600, { min: 1 }),
    tokenSigningKey: env.string('SIM_TOKEN_SIGNING_KEY', 'nce-partner-center-simulator-development-signing-key'),
    refreshTokenLifetimeDays: env.integer('SIM_REFRESH_TOKEN_LIFETIME_DAYS', 90, { min: 1 }),
    checkoutProcessingMs: env.integer('SIM_CHECKOUT_PROCESSING_MS', 0, { min: 0 }),
    checkoutGates:
      gates.length > 0 ? (gates.filter((gate) => !unknownGates.includes(gate)) as SimulatorCheckoutGate[]) : [...SIMULATOR_CHECKOUT_GATES],
    publicUrl:
      env.optionalString('SIM_PUBLIC_URL') === undefined
        ? ''
        : env.url('SIM_PUBLIC_URL', undefined, ['http:', 'https:']).replace(/\/+$/, ''),
    ledgerLimit: env.integer('SIM_LEDGER_LIMIT', 100_000, { min: 100 }),
    newCustomerAccountStatus: env.oneOf(
      'SIM_NEW_CUSTOMER_ACCOUNT_STATUS',
      ['Allowed', 'UnderReview', 'NotAllowed', 'Unknown', 'None'] as const,
      'Allowed',
    ),
    gdapApprovalExpiryDays: env.integer('SIM_GDAP_APPROVAL_EXPIRY_DAYS', 90, { min: 1 }),
    attestationExpiryDays: env.integer('SIM_ATTESTATION_EXPIRY_DAYS', 30, { min: 1 }),
    stateFile: env.optionalString('SIM_STATE_FILE'),
    profile: env.oneOf('SIM_PROFILE', SIMULATOR_PROFILES, 'instant'),
    latencyScale: env.number('SIM_LATENCY_SCALE', 1, { min: 0 }),
    // 500/min per tenant identifier: Microsoft's documented figure for customers, orders, subscriptions.
    throttlePartnerPerMinute: env.integer('SIM_THROTTLE_PARTNER_RPM', 500, { min: 0 }),
    throttleCustomerPerMinute: env.integer('SIM_THROTTLE_CUSTOMER_RPM', 500, { min: 0 }),
  };
}
