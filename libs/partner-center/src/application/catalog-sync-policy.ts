import { backoffDelay, isClassifiedError } from '@nce/resilience';

/** Catalog reads in flight at once during a sync (the throttle still paces them). */
export const CATALOG_CONCURRENCY = 4;
const CATALOG_ATTEMPTS = 5;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `work` over every item with at most `limit` in flight; results in input order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * A catalog read retried on 429 (after Retry-After), 5xx and timeouts (exponential back-off): reads
 * are safe to repeat, and one throttled SKU must not abort the whole sync.
 */
export async function withCatalogRetries<T>(read: () => Promise<T>, sleep: (ms: number) => Promise<void> = defaultSleep): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await read();
    } catch (error) {
      const retryClass = isClassifiedError(error) ? error.retryClass : 'permanent';
      if (attempt >= CATALOG_ATTEMPTS || retryClass === 'permanent') throw error;
      const retryAfterMs = isClassifiedError(error) ? error.retryAfterMs : undefined;
      await sleep(retryAfterMs ?? backoffDelay(attempt, { baseMs: 500, maxMs: 10_000, jitter: 'full' }));
    }
  }
}
