import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who a Partner Center call is for: a customer's interactive order, a bulk order, or the re-check of
 * a parked order. Interactive calls go first, bulk ones take what is left, re-checks take the rest
 * (capped). Carried in the async context, so the job runner sets it once and every call inherits it.
 */
export const THROTTLE_LANES = ['interactive', 'bulk', 'recheck'] as const;
export type ThrottleLane = (typeof THROTTLE_LANES)[number];

/**
 * `recheck-admitted`: a re-check whose first call got through. Its further calls still yield like bulk
 * and count against the re-check share, but the cap no longer refuses them: a re-check needing three
 * calls must not take one slot per window and start over forever.
 */
export type LaneState = ThrottleLane | 'recheck-admitted';

/** The lane of one job run; `admission` is the re-check's first call, which concurrent siblings wait for. */
export interface LaneStore {
  lane: LaneState;
  admission?: Promise<void>;
}

const storage = new AsyncLocalStorage<LaneStore>();

export function laneStore(): LaneStore | undefined {
  return storage.getStore();
}

export function runInLane<T>(lane: ThrottleLane, work: () => Promise<T>): Promise<T> {
  return storage.run({ lane }, work);
}

/** The lane of the current async context; interactive when none was set (API requests, tools). */
export function currentLane(): LaneState {
  return storage.getStore()?.lane ?? 'interactive';
}
