import { HEALTHY, afterFailure, breakerGate } from './webhook-endpoint.model';

const POLICY = { threshold: 20, cooldownMs: 60_000, disableAfterMs: 5 * 24 * 3_600_000 };
const at = (ms: number): Date => new Date(Date.UTC(2025, 0, 1) + ms);

describe('webhook endpoint breaker and disable rules', () => {
  it('stays closed for 19 consecutive failures and opens on the 20th', () => {
    let health = HEALTHY;
    for (let failure = 1; failure <= 19; failure += 1) health = afterFailure(health, at(failure), POLICY).health;
    expect(breakerGate(health, at(20), POLICY.threshold)).toEqual({ kind: 'closed' });
    health = afterFailure(health, at(20), POLICY).health;
    expect(breakerGate(health, at(21), POLICY.threshold)).toEqual({ kind: 'open', until: at(20 + 60_000) });
  });

  it('half-opens once the cooldown is over', () => {
    const health = { consecutiveFailures: 20, failingSince: at(0), breakerOpenUntil: at(60_000) };
    expect(breakerGate(health, at(60_000), POLICY.threshold)).toEqual({ kind: 'half_open' });
  });

  it('disables an endpoint that has failed without a success for five days', () => {
    const failing = { consecutiveFailures: 3, failingSince: at(0), breakerOpenUntil: null };
    expect(afterFailure(failing, at(POLICY.disableAfterMs - 1), POLICY).disable).toBeNull();
    expect(afterFailure(failing, at(POLICY.disableAfterMs), POLICY).disable).toBe('failing');
  });

  it('starts the failing period at the first failure', () => {
    expect(afterFailure(HEALTHY, at(5), POLICY).health).toEqual({ consecutiveFailures: 1, failingSince: at(5), breakerOpenUntil: null });
  });
});
