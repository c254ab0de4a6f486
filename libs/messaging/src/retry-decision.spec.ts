import { DomainError, type ErrorKind } from '@nce/contracts';
import { BreakerOpenError, BudgetExhaustedError, CallTimeoutError, ClassifiedError } from '@nce/resilience';
import { retryDecisionOf } from './retry-decision';

class RefusedUpstream extends ClassifiedError {
  constructor() {
    super({ retryClass: 'permanent', code: 'REFUSED', message: 'refused for good' });
  }
}

function domainError(kind: ErrorKind): DomainError {
  return new (class extends DomainError {
    readonly code = 'SOME_CODE';
    readonly kind = kind;
  })('refused');
}

const noJitter = (): number => 0;

describe('retryDecisionOf', () => {
  it('waits without an attempt for a throttled call, after the delay Partner Center asked for', () => {
    expect(retryDecisionOf(new BudgetExhaustedError('partner-center', 12_000), noJitter)).toEqual({
      kind: 'wait',
      reason: 'throttled',
      delayMs: 12_000,
    });
  });

  it('waits without an attempt while a breaker is open, at least 250 ms', () => {
    expect(retryDecisionOf(new BreakerOpenError('graph', 10), noJitter)).toEqual({
      kind: 'wait',
      reason: 'upstream_unavailable',
      delayMs: 250,
    });
  });

  it('spreads throttled jobs apart with jitter of at most 10 %', () => {
    const decision = retryDecisionOf(new BudgetExhaustedError('partner-center', 1_000), () => 1);
    expect(decision).toEqual({ kind: 'wait', reason: 'throttled', delayMs: 1_100 });
  });

  it('waits without an attempt while MySQL is unreachable', () => {
    expect(retryDecisionOf(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toEqual({
      kind: 'wait',
      reason: 'upstream_unavailable',
      delayMs: 2_000,
    });
  });

  it('waits without an attempt for a reset connection even when a transient error carries it', () => {
    const reset = new (class extends ClassifiedError {
      constructor() {
        super({ retryClass: 'transient', code: 'ECONNRESET', message: 'socket hang up' });
      }
    })();
    expect(retryDecisionOf(reset)).toEqual({ kind: 'wait', reason: 'upstream_unavailable', delayMs: 2_000 });
  });

  it('stops retrying a permanent upstream refusal', () => {
    expect(retryDecisionOf(new RefusedUpstream())).toEqual({ kind: 'stop' });
  });

  it('retries a timed-out call with back-off', () => {
    expect(retryDecisionOf(new CallTimeoutError('partner-center', 30_000))).toEqual({ kind: 'retry' });
  });

  it.each<[ErrorKind, 'stop' | 'retry']>([
    ['invalid', 'stop'],
    ['not_found', 'stop'],
    ['forbidden', 'stop'],
    ['conflict', 'retry'],
    ['unavailable', 'retry'],
  ])('maps a domain error of kind %s to %s', (kind, expected) => {
    expect(retryDecisionOf(domainError(kind))).toEqual({ kind: expected });
  });

  it('retries an unknown error, so that a bug shows as exhausted retries rather than silence', () => {
    expect(retryDecisionOf(new TypeError('x is undefined'))).toEqual({ kind: 'retry' });
  });
});
