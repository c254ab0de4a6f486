/** Why an endpoint stopped receiving (fixed values, shown as `disabledReason`). */
export type DisabledReason = 'gone' | 'failing';

export interface EndpointHealth {
  consecutiveFailures: number;
  /** First failure since the last success; five days of it disables the endpoint. */
  failingSince: Date | null;
  breakerOpenUntil: Date | null;
}

export interface WebhookEndpoint {
  id: string;
  partnerId: string;
  url: string;
  eventTypes: string[];
  description: string | null;
  enabled: boolean;
  disabledReason: DisabledReason | null;
  secretSealed: string;
  previousSecretSealed: string | null;
  previousSecretExpiresAt: Date | null;
  health: EndpointHealth;
  createdAt: Date;
  updatedAt: Date;
}

export interface BreakerPolicy {
  /** Consecutive failed attempts that open the breaker (DESIGN.md section 5: 20). */
  threshold: number;
  cooldownMs: number;
  disableAfterMs: number;
}

export const HEALTHY: EndpointHealth = { consecutiveFailures: 0, failingSince: null, breakerOpenUntil: null };

export type BreakerGate = { kind: 'closed' } | { kind: 'open'; until: Date } | { kind: 'half_open' };

/** Closed below the threshold; open until the cooldown ends; then half-open: one probe decides. */
export function breakerGate(health: EndpointHealth, now: Date, threshold: number): BreakerGate {
  if (health.consecutiveFailures < threshold) return { kind: 'closed' };
  if (health.breakerOpenUntil && health.breakerOpenUntil > now) return { kind: 'open', until: health.breakerOpenUntil };
  return { kind: 'half_open' };
}

export function afterFailure(
  health: EndpointHealth,
  now: Date,
  policy: BreakerPolicy,
): { health: EndpointHealth; disable: DisabledReason | null } {
  const consecutiveFailures = health.consecutiveFailures + 1;
  const failingSince = health.failingSince ?? now;
  const breakerOpenUntil = consecutiveFailures >= policy.threshold ? new Date(now.getTime() + policy.cooldownMs) : null;
  const disable = now.getTime() - failingSince.getTime() >= policy.disableAfterMs ? 'failing' : null;
  return { health: { consecutiveFailures, failingSince, breakerOpenUntil }, disable };
}

export function wantsEvent(endpoint: Pick<WebhookEndpoint, 'eventTypes'>, type: string): boolean {
  return endpoint.eventTypes.includes(type);
}

/** Secrets that sign a delivery now: the current one, plus the previous one during its grace period. */
export function signingSecrets(endpoint: WebhookEndpoint, open: (sealed: string) => string, now: Date): string[] {
  const secrets = [open(endpoint.secretSealed)];
  if (endpoint.previousSecretSealed && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now)
    secrets.push(open(endpoint.previousSecretSealed));
  return secrets;
}
