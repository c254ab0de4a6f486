import { backoffDelay } from './backoff-delay';

describe('backoffDelay', () => {
  const options = { baseMs: 100, maxMs: 5_000, jitter: 'none' as const };

  it('doubles from the base delay for each further attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, options))).toEqual([100, 200, 400, 800]);
  });

  it('never exceeds the maximum, even for huge attempt numbers', () => {
    expect(backoffDelay(7, options)).toBe(5_000);
    expect(backoffDelay(10_000, options)).toBe(5_000);
  });

  it('treats attempt 0 or negative as the first retry', () => {
    expect(backoffDelay(0, options)).toBe(100);
    expect(backoffDelay(-3, options)).toBe(100);
  });

  it('draws full jitter uniformly between 0 and the exponential delay', () => {
    const full = { ...options, jitter: 'full' as const };
    expect(backoffDelay(3, full, () => 0)).toBe(0);
    expect(backoffDelay(3, full, () => 0.5)).toBe(200);
    expect(backoffDelay(3, full, () => 0.999999)).toBe(399);
  });

  it('keeps jittered delays within bounds with the real random source', () => {
    const full = { ...options, jitter: 'full' as const };
    for (let attempt = 1; attempt < 12; attempt += 1) {
      const delay = backoffDelay(attempt, full);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(Math.min(5_000, 100 * 2 ** (attempt - 1)));
    }
  });
});
