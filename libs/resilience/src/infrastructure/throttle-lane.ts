import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who a Partner Center call is for: a customer's interactive order, a bulk order, or the re-check of
 * a parked order. Interactive calls go first, bulk ones take what is left, re-checks take the rest
 * (capped). Carried in the async context, so the job runner sets it once and every call inherits it.
 */
export const THROTTLE_LANES = ['interactive', 'bulk', 'recheck'] as const;
export type ThrottleLane = (typeof THROTTLE_LANES)[number];

const storage = new AsyncLocalStorage<ThrottleLane>();

export function runInLane<T>(lane: ThrottleLane, work: () => Promise<T>): Promise<T> {
  return storage.run(lane, work);
}

/** The lane of the current async context; interactive when none was set (API requests, tools). */
export function currentLane(): ThrottleLane {
  return storage.getStore() ?? 'interactive';
}
