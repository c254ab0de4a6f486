import type { EnvReader } from './env-reader';

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
}

export function readSimulatorConfig(env: EnvReader): SimulatorConfig {
  return {
    host: env.string('SIM_HOST', '127.0.0.1'),
    port: env.integer('SIM_PORT', 3100, { min: 0, max: 65535 }),
    partnerTenantId: env.string('PARTNER_TENANT_ID', '7d3c4b1e-5a0f-4f39-9d8e-2f1b6c0a9e11'),
    provisioningDelayMs: env.integer('SIM_PROVISIONING_DELAY_MS', 0, { min: 0 }),
    gdapActivationDelayMs: env.integer('SIM_GDAP_ACTIVATION_DELAY_MS', 0, { min: 0 }),
    latencyMs: env.integer('SIM_LATENCY_MS', 0, { min: 0 }),
    logRequests: env.boolean('SIM_LOG_REQUESTS', true),
  };
}
