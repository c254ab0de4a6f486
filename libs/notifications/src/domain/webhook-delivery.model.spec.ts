import { RETRY_SCHEDULE_MS, classifyResponse, nextAttemptDelayMs, parseRetryAfter, webhookBody } from './webhook-delivery.model';

const NOW = new Date('2025-06-01T12:00:00.000Z');

describe('webhook delivery rules', () => {
  it('follows the schedule immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up', () => {
    expect(RETRY_SCHEDULE_MS).toEqual([0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect([1, 2, 3, 4, 5, 6, 7].map((made) => nextAttemptDelayMs(made, 1, null))).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
    expect(nextAttemptDelayMs(8, 1, null)).toBeNull();
  });

  it('compresses the schedule by the time scale', () => {
    expect(nextAttemptDelayMs(2, 1_000, null)).toBe(300);
  });

  it('honours a Retry-After longer than the schedule, never a shorter one', () => {
    expect(nextAttemptDelayMs(1, 1, 60_000)).toBe(60_000);
    expect(nextAttemptDelayMs(2, 1, 1_000)).toBe(300_000);
  });

  it('reads Retry-After as seconds or an HTTP date, capped at 10 h', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter('Sun, 01 Jun 2025 12:01:00 GMT', NOW)).toBe(60_000);
    expect(parseRetryAfter('999999', NOW)).toBe(36_000_000);
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
  });

  it('classifies 2xx as success, 410 as gone, redirects and errors as failures', () => {
    expect(classifyResponse({ statusCode: 204, error: null, retryAfter: null }, NOW)).toEqual({ kind: 'success', statusCode: 204 });
    expect(classifyResponse({ statusCode: 410, error: null, retryAfter: null }, NOW).kind).toBe('gone');
    expect(classifyResponse({ statusCode: 302, error: null, retryAfter: null }, NOW)).toMatchObject({
      kind: 'failure',
      error: expect.stringContaining('redirects'),
    });
    expect(classifyResponse({ statusCode: 503, error: null, retryAfter: '7' }, NOW)).toMatchObject({
      kind: 'failure',
      statusCode: 503,
      retryAfterMs: 7_000,
    });
    expect(classifyResponse({ statusCode: null, error: 'ECONNREFUSED', retryAfter: null }, NOW)).toMatchObject({
      kind: 'failure',
      statusCode: null,
      error: 'ECONNREFUSED',
    });
  });

  it('builds the body with order, customer, status, step and sequence first', () => {
    const body = JSON.parse(
      webhookBody({
        orderId: 'o',
        customerId: 'c',
        sequence: 3,
        type: 'order.progressed',
        occurredAt: NOW,
        data: { status: 'in_progress', step: 'mca', completedStep: 'account' },
        orderStatus: 'completed',
        orderStep: null,
      }),
    );
    expect(body).toEqual({
      type: 'order.progressed',
      timestamp: NOW.toISOString(),
      data: { orderId: 'o', customerId: 'c', status: 'in_progress', step: 'mca', sequence: 3, completedStep: 'account' },
    });
  });

  it('falls back to the order status and step for events that carry none', () => {
    const body = JSON.parse(
      webhookBody({
        orderId: 'o',
        customerId: 'c',
        sequence: 9,
        type: 'gdap.roles_approved',
        occurredAt: NOW,
        data: { roles: [] },
        orderStatus: 'completed',
        orderStep: null,
      }),
    );
    expect(body.data).toMatchObject({ status: 'completed', step: null, roles: [] });
  });
});
