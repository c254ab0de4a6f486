import type { SimulatorConfig } from '@nce/config';

/**
 * The `realistic` profile: Microsoft-like latency and asynchronous provisioning. Microsoft publishes no
 * latency figures: the ranges are assumed from what partners report (reads ~0.2–0.8 s, writes ~0.5–3 s,
 * checkout up to ~10 s, customer creation longer). Every figure is multiplied by `latencyScale`.
 */
const REALISTIC = {
  read: [200, 800],
  write: [500, 3_000],
  checkout: [2_000, 10_000],
  customerCreate: [4_000, 15_000],
  /** A new customer answers 404 on reads this long after its creation (assumed). */
  customerReadableDelayMs: 8_000,
  /** Orders pending → completed, subscriptions pending → active. */
  provisioningDelayMs: 20_000,
  /** GDAP approved → activating → active. */
  gdapActivationDelayMs: 30_000,
} as const;

type Settings = Pick<SimulatorConfig, 'profile' | 'latencyScale' | 'provisioningDelayMs' | 'gdapActivationDelayMs' | 'latencyMs'>;

function between([min, max]: readonly [number, number], random: () => number): number {
  // The mean of two uniforms: most answers near the middle, a few near either end.
  return min + (max - min) * ((random() + random()) / 2);
}

/** The profile's delay of one Microsoft request (ms); the instant profile adds only SIM_LATENCY_MS. */
export function profileLatencyMs(settings: Settings, method: string, path: string, random: () => number = Math.random): number {
  if (settings.profile !== 'realistic') return settings.latencyMs;
  const read = method === 'GET' || method === 'HEAD';
  let range: readonly [number, number] = read ? REALISTIC.read : REALISTIC.write;
  if (method === 'POST' && /\/checkout$/i.test(path)) range = REALISTIC.checkout;
  else if (method === 'POST' && /^\/v1\/customers\/?$/i.test(path)) range = REALISTIC.customerCreate;
  return Math.round(between(range, random) * settings.latencyScale) + settings.latencyMs;
}

/** How long a customer created now stays unreadable (0 in the instant profile). */
export function customerReadableDelayMs(settings: Settings): number {
  return settings.profile === 'realistic' ? Math.round(REALISTIC.customerReadableDelayMs * settings.latencyScale) : 0;
}

/** Sets the provisioning and GDAP activation delays of the profile (the instant profile restores the configured ones). */
export function applyProfile(settings: Settings, configured: Settings): void {
  if (settings.profile === 'realistic') {
    settings.provisioningDelayMs = Math.round(REALISTIC.provisioningDelayMs * settings.latencyScale);
    settings.gdapActivationDelayMs = Math.round(REALISTIC.gdapActivationDelayMs * settings.latencyScale);
    return;
  }
  settings.provisioningDelayMs = configured.provisioningDelayMs;
  settings.gdapActivationDelayMs = configured.gdapActivationDelayMs;
}
