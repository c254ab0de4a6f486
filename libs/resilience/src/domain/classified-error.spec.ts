import { ClassifiedError, isClassifiedError, retryClassOf } from './classified-error';
import { BreakerOpenError, BudgetExhaustedError, CallTimeoutError } from './resilience.errors';

class ExampleError extends ClassifiedError {
  constructor(retryAfterMs?: number) {
    super({ retryClass: 'throttled', code: 'EXAMPLE', message: 'example', retryAfterMs });
  }
}

describe('ClassifiedError', () => {
  it('carries class, code, a rounded non-negative retry delay and the subclass name', () => {
    const error = new ExampleError(12.2);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ExampleError');
    expect(error.retryClass).toBe('throttled');
    expect(error.code).toBe('EXAMPLE');
    expect(error.retryAfterMs).toBe(13);
    expect(new ExampleError(-5).retryAfterMs).toBe(0);
    expect(new ExampleError().retryAfterMs).toBeUndefined();
  });

  it('classifies unknown errors as transient', () => {
    expect(isClassifiedError(new Error('x'))).toBe(false);
    expect(retryClassOf(new Error('x'))).toBe('transient');
    expect(retryClassOf('not even an error')).toBe('transient');
  });

  it('gives the resilience errors their documented classes', () => {
    expect(retryClassOf(new BreakerOpenError('commerce', 100))).toBe('upstream_unavailable');
    expect(new BreakerOpenError('commerce', 100).retryAfterMs).toBe(100);
    expect(retryClassOf(new BudgetExhaustedError('partner p', 50))).toBe('throttled');
    expect(retryClassOf(new CallTimeoutError('catalog', 10))).toBe('transient');
  });
});
