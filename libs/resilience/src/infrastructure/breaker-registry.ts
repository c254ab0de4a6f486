import CircuitBreaker from 'opossum';
import type { BreakerSettings } from '@nce/config';
import { type RetryClass, isClassifiedError } from '../domain/classified-error';
import { BreakerOpenError, CallTimeoutError } from '../domain/resilience.errors';

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerStateChange {
  name: string;
  from: BreakerState;
  to: BreakerState;
  at: number;
}

export type BreakerCallOutcome = 'success' | 'failure' | 'ignored_failure' | 'rejected';

export interface BreakerCallEvent {
  name: string;
  outcome: BreakerCallOutcome;
  durationMs: number;
}

export interface BreakerSnapshot {
  name: string;
  state: BreakerState;
  /** Only while open: time until the breaker lets a trial call through. */
  retryAfterMs?: number;
}

export interface BreakerRegistryOptions {
  settings: Readonly<Record<string, BreakerSettings>>;
  /**
   * Whether an error counts against the breaker. Default: unclassified errors and the `transient` /
   * `upstream_unavailable` classes do; `permanent` and `throttled` ones (business 4xx, 429) do not,
   * because they prove the dependency is up and answering.
   */
  countsAsFailure?: (error: unknown) => boolean;
  now?: () => number;
}

type Task = (signal: AbortSignal) => Promise<unknown>;
type Listener<T> = (event: T) => void;

const NOT_COUNTED: readonly RetryClass[] = ['permanent', 'throttled'];

export function defaultCountsAsFailure(error: unknown): boolean {
  return !(isClassifiedError(error) && NOT_COUNTED.includes(error.retryClass));
}

interface Entry {
  breaker: CircuitBreaker<[Task], unknown>;
  settings: BreakerSettings;
  state: BreakerState;
  openedAt: number;
}

/**
 * One opossum breaker per named dependency. The registry owns the per-call timeout (instead of
 * opossum's) so that a timed-out call is also aborted, not left running in the background.
 */
export class BreakerRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly stateListeners = new Set<Listener<BreakerStateChange>>();
  private readonly callListeners = new Set<Listener<BreakerCallEvent>>();
  private readonly countsAsFailure: (error: unknown) => boolean;
  private readonly now: () => number;

  constructor(private readonly options: BreakerRegistryOptions) {
    this.countsAsFailure = options.countsAsFailure ?? defaultCountsAsFailure;
    this.now = options.now ?? Date.now;
  }

  names(): string[] {
    return Object.keys(this.options.settings);
  }

  state(name: string): BreakerState {
    return this.entry(name).state;
  }

  snapshot(): BreakerSnapshot[] {
    return this.names().map((name) => {
      const retryAfterMs = this.retryAfterMs(name);
      return retryAfterMs === undefined ? { name, state: this.state(name) } : { name, state: this.state(name), retryAfterMs };
    });
  }

  onStateChange(listener: Listener<BreakerStateChange>): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onCall(listener: Listener<BreakerCallEvent>): () => void {
    this.callListeners.add(listener);
    return () => this.callListeners.delete(listener);
  }

  /** Throws a BreakerOpenError without doing anything else when the breaker would reject a call now. */
  assertCallable(name: string): void {
    const entry = this.entry(name);
    if (entry.breaker.opened || (entry.breaker.halfOpen && !entry.breaker.pendingClose)) {
      throw new BreakerOpenError(name, this.retryAfterMs(name) ?? entry.settings.resetTimeoutMs);
    }
  }

  /** Runs `task` through the named breaker with the dependency's timeout; the signal aborts on timeout. */
  async execute<T>(name: string, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const entry = this.entry(name);
    const started = this.now();
    try {
      const result = (await entry.breaker.fire(task)) as T;
      this.emitCall({ name, outcome: 'success', durationMs: this.now() - started });
      return result;
    } catch (error) {
      if (isOpenRejection(error)) {
        this.emitCall({ name, outcome: 'rejected', durationMs: this.now() - started });
        throw new BreakerOpenError(name, this.retryAfterMs(name) ?? entry.settings.resetTimeoutMs);
      }
      const outcome = this.countsAsFailure(error) ? 'failure' : 'ignored_failure';
      this.emitCall({ name, outcome, durationMs: this.now() - started });
      throw error;
    }
  }

  /** Stops the rolling-window timers of every breaker (tests, graceful shutdown). */
  shutdown(): void {
    for (const entry of this.entries.values()) entry.breaker.shutdown();
    this.entries.clear();
  }

  private retryAfterMs(name: string): number | undefined {
    const entry = this.entries.get(name);
    if (!entry || entry.state === 'closed') return undefined;
    if (entry.state === 'half_open') return Math.min(1_000, entry.settings.resetTimeoutMs);
    return Math.max(1, entry.openedAt + entry.settings.resetTimeoutMs - this.now());
  }

  private entry(name: string): Entry {
    const existing = this.entries.get(name);
    if (existing) return existing;
    const settings = this.options.settings[name];
    if (!settings) throw new Error(`No breaker settings for dependency "${name}"`);
    const breaker = new CircuitBreaker<[Task], unknown>((task) => runWithTimeout(name, settings.timeoutMs, task), {
      name,
      timeout: false,
      errorThresholdPercentage: settings.errorThresholdPercentage,
      volumeThreshold: settings.volumeThreshold,
      resetTimeout: settings.resetTimeoutMs,
      rollingCountTimeout: settings.rollingCountTimeoutMs,
      errorFilter: (error: Error) => !this.countsAsFailure(error),
    });
    const entry: Entry = { breaker, settings, state: 'closed', openedAt: 0 };
    breaker.on('open', () => {
      entry.openedAt = this.now();
      this.transition(name, entry, 'open');
    });
    breaker.on('halfOpen', () => this.transition(name, entry, 'half_open'));
    breaker.on('close', () => this.transition(name, entry, 'closed'));
    this.entries.set(name, entry);
    return entry;
  }

  private transition(name: string, entry: Entry, to: BreakerState): void {
    const from = entry.state;
    if (from === to) return;
    entry.state = to;
    const change: BreakerStateChange = { name, from, to, at: this.now() };
    for (const listener of this.stateListeners) safely(() => listener(change));
  }

  private emitCall(event: BreakerCallEvent): void {
    for (const listener of this.callListeners) safely(() => listener(event));
  }
}

function runWithTimeout(name: string, timeoutMs: number, task: Task): Promise<unknown> {
  const controller = new AbortController();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new CallTimeoutError(name, timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
    task(controller.signal).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        // After a timeout the promise is already rejected; a later rejection is the abort echo.
        reject(controller.signal.aborted ? controller.signal.reason : error);
      },
    );
  });
}

/** opossum marks its fail-fast rejection with this code (a code, not message text). */
function isOpenRejection(error: unknown): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === 'EOPENBREAKER';
}

/** A listener (metrics, health) must never break the call path. */
function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // deliberately ignored: observers are best effort
  }
}
