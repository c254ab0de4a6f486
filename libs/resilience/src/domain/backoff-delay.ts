export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** `full`: uniform in [0, exponential delay] (AWS "full jitter"); `none`: the exponential delay itself. */
  jitter: 'full' | 'none';
}

/**
 * Delay before retry number `attempt` (1 = first retry): min(maxMs, baseMs * 2^(attempt-1)), then
 * jittered. Full jitter spreads simultaneous retries of many workers instead of synchronising them.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // Cap the exponent so that 2^exponent stays finite for absurd attempt numbers.
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(exponent, 52));
  if (options.jitter === 'none') return Math.round(ceiling);
  return Math.floor(random() * ceiling);
}
