import type { BreakerSettings } from '@nce/config';
import { waitFor } from '@nce/testing/fakes';
import { ClassifiedError, type RetryClass } from '../domain/classified-error';
import { BreakerOpenError, CallTimeoutError } from '../domain/resilience.errors';
import { BreakerRegistry, type BreakerCallEvent, type BreakerStateChange } from './breaker-registry';

class UpstreamError extends ClassifiedError {
  constructor(retryClass: RetryClass) {
    super({ retryClass, code: `UPSTREAM_${retryClass}`, message: retryClass });
  }
}

const settings: BreakerSettings = {
  timeoutMs: 200,
  errorThresholdPercentage: 50,
  volumeThreshold: 3,
  resetTimeoutMs: 150,
  rollingCountTimeoutMs: 10_000,
};

const fail = (retryClass: RetryClass) => (): Promise<never> => Promise.reject(new UpstreamError(retryClass));
const succeed = (): Promise<string> => Promise.resolve('ok');

describe('BreakerRegistry', () => {
  let registry: BreakerRegistry;
  let changes: BreakerStateChange[];
  let calls: BreakerCallEvent[];

  beforeEach(() => {
    registry = new BreakerRegistry({ settings: { commerce: settings, catalog: settings } });
    changes = [];
    calls = [];
    registry.onStateChange((change) => changes.push(change));
    registry.onCall((call) => calls.push(call));
  });

  afterEach(() => registry.shutdown());

  async function tripCommerce(): Promise<void> {
    for (let i = 0; i < settings.volumeThreshold; i += 1) {
      await expect(registry.execute('commerce', fail('transient'))).rejects.toBeInstanceOf(UpstreamError);
    }
  }

  it('starts closed and passes results through', async () => {
    expect(registry.state('commerce')).toBe('closed');
    await expect(registry.execute('commerce', succeed)).resolves.toBe('ok');
    expect(calls).toEqual([expect.objectContaining({ name: 'commerce', outcome: 'success' })]);
  });

  it('opens after transient failures reach the volume threshold and then fails fast', async () => {
    await tripCommerce();
    expect(registry.state('commerce')).toBe('open');
    expect(changes).toEqual([expect.objectContaining({ name: 'commerce', from: 'closed', to: 'open' })]);

    let ran = false;
    const rejection = registry.execute('commerce', async () => {
      ran = true;
      return 'never';
    });
    await expect(rejection).rejects.toBeInstanceOf(BreakerOpenError);
    const error = (await rejection.catch((e: unknown) => e)) as BreakerOpenError;
    expect(ran).toBe(false);
    expect(error.retryClass).toBe('upstream_unavailable');
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(settings.resetTimeoutMs);
    expect(calls.at(-1)?.outcome).toBe('rejected');
    expect(() => registry.assertCallable('commerce')).toThrow(BreakerOpenError);
  });

  it('keeps other dependencies closed when one opens', async () => {
    await tripCommerce();
    expect(registry.state('catalog')).toBe('closed');
    await expect(registry.execute('catalog', succeed)).resolves.toBe('ok');
  });

  it('half-opens after the reset timeout and closes on a successful trial call', async () => {
    await tripCommerce();
    await waitFor(() => registry.state('commerce') === 'half_open', { intervalMs: 10, what: 'the breaker to half-open' });
    expect(() => registry.assertCallable('commerce')).not.toThrow();
    await expect(registry.execute('commerce', succeed)).resolves.toBe('ok');
    expect(registry.state('commerce')).toBe('closed');
    expect(changes.map((change) => change.to)).toEqual(['open', 'half_open', 'closed']);
  });

  it('re-opens when the half-open trial call fails', async () => {
    await tripCommerce();
    await waitFor(() => registry.state('commerce') === 'half_open', { intervalMs: 10, what: 'the breaker to half-open' });
    await expect(registry.execute('commerce', fail('transient'))).rejects.toBeInstanceOf(UpstreamError);
    expect(registry.state('commerce')).toBe('open');
  });

  it('does not count permanent (business 4xx) or throttled errors as failures', async () => {
    for (let i = 0; i < 10; i += 1) {
      await expect(registry.execute('commerce', fail('permanent'))).rejects.toBeInstanceOf(UpstreamError);
      await expect(registry.execute('commerce', fail('throttled'))).rejects.toBeInstanceOf(UpstreamError);
    }
    expect(registry.state('commerce')).toBe('closed');
    expect(calls.every((call) => call.outcome === 'ignored_failure')).toBe(true);
  });

  it('counts unclassified errors as failures', async () => {
    for (let i = 0; i < settings.volumeThreshold; i += 1) {
      await expect(registry.execute('commerce', () => Promise.reject(new Error('socket hang up')))).rejects.toThrow();
    }
    expect(registry.state('commerce')).toBe('open');
  });

  it('times out slow calls with a transient error and aborts their signal', async () => {
    let aborted = false;
    const slow = (signal: AbortSignal): Promise<string> =>
      new Promise((resolve) => {
        signal.addEventListener('abort', () => {
          aborted = true;
        });
        setTimeout(() => resolve('late'), settings.timeoutMs * 3);
      });
    const error = await registry.execute('catalog', slow).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallTimeoutError);
    expect((error as CallTimeoutError).retryClass).toBe('transient');
    expect(aborted).toBe(true);
  });

  it('reports a snapshot with the time left while open', async () => {
    await tripCommerce();
    const snapshot = registry.snapshot();
    expect(snapshot.find((entry) => entry.name === 'catalog')).toEqual({ name: 'catalog', state: 'closed' });
    expect(snapshot.find((entry) => entry.name === 'commerce')).toEqual({
      name: 'commerce',
      state: 'open',
      retryAfterMs: expect.any(Number),
    });
  });

  it('refuses unknown dependency names', () => {
    expect(() => registry.state('nope')).toThrow(/No breaker settings/);
  });

  it('accepts a custom failure predicate', async () => {
    const strict = new BreakerRegistry({ settings: { graph: settings }, countsAsFailure: () => false });
    try {
      for (let i = 0; i < 5; i += 1) {
        await expect(strict.execute('graph', fail('transient'))).rejects.toBeInstanceOf(UpstreamError);
      }
      expect(strict.state('graph')).toBe('closed');
    } finally {
      strict.shutdown();
    }
  });
});
