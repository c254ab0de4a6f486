import { ClassifiedError } from '@nce/resilience';
import { PC_ERROR } from './error-codes';
import {
  PartnerCenterError,
  classifyHttpFailure,
  errorFromResponse,
  isPartnerCenterError,
  networkError,
  parseRetryAfter,
  timeoutError,
} from './partner-center.errors';

describe('classifyHttpFailure', () => {
  it.each([
    [429, 'HTTP_429', 'throttled'],
    [500, PC_ERROR.internalError, 'transient'],
    [502, 'HTTP_502', 'transient'],
    [503, '503', 'transient'],
    [504, 'HTTP_504', 'transient'],
    [408, 'HTTP_408', 'transient'],
    [409, PC_ERROR.cartBeingProcessed, 'transient'],
    [409, '900278', 'permanent'],
    [401, '401', 'permanent'],
    [403, PC_ERROR.noRelationship, 'permanent'],
    [403, PC_ERROR.mcaNotConfirmed, 'permanent'],
    [403, PC_ERROR.accountUnderReview, 'permanent'],
    [403, PC_ERROR.accountUnderReviewAlt, 'permanent'],
    [403, PC_ERROR.accountNotApproved, 'permanent'],
    [403, PC_ERROR.appOnlyNotSupported, 'permanent'],
    [403, PC_ERROR.catalogItemNotEligible, 'permanent'],
    [400, PC_ERROR.quantityOutOfRange, 'permanent'],
    [400, PC_ERROR.cartAlreadySubmitted, 'permanent'],
    [400, PC_ERROR.agreementAlreadyExists, 'permanent'],
    [400, PC_ERROR.skuAttestationRequired, 'permanent'],
    [400, PC_ERROR.partnerAttestationMissing, 'permanent'],
    [400, PC_ERROR.registrationNumberMissing, 'permanent'],
    [404, PC_ERROR.accountStatusNotFound, 'permanent'],
    [404, PC_ERROR.tenantNotFound, 'permanent'],
  ])('HTTP %i code %s is %s', (status, code, expected) => {
    expect(classifyHttpFailure(status, code)).toBe(expected);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-02T10:00:00Z');

  it('reads delta seconds', () => {
    expect(parseRetryAfter('57', now)).toBe(57_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1_500);
  });

  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfter('Mon, 02 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 02 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('errorFromResponse', () => {
  it('reads the Partner Center fault body with a numeric code', () => {
    const error = errorFromResponse({
      status: 403,
      body: { code: 13605, description: 'MCA not confirmed', data: [], source: 'PartnerFD' },
      requestId: 'r-1',
      source: 'partner_center',
    });
    expect(error).toBeInstanceOf(PartnerCenterError);
    expect(error).toBeInstanceOf(ClassifiedError);
    expect(error).toMatchObject({
      httpStatus: 403,
      code: '13605',
      description: 'MCA not confirmed',
      retryClass: 'permanent',
      requestId: 'r-1',
    });
    expect(isPartnerCenterError(error, PC_ERROR.mcaNotConfirmed)).toBe(true);
    expect(isPartnerCenterError(error, PC_ERROR.noRelationship)).toBe(false);
  });

  it('reads the Graph error body', () => {
    const error = errorFromResponse({
      status: 403,
      body: { error: { code: 'accessDenied', message: 'Insufficient privileges', innerError: {} } },
      source: 'graph',
    });
    expect(error).toMatchObject({ code: 'accessDenied', description: 'Insufficient privileges', source: 'graph', retryClass: 'permanent' });
  });

  it('turns a 429 throttling body into a throttled error carrying Retry-After', () => {
    const error = errorFromResponse({
      status: 429,
      body: { statusCode: 429, message: 'Rate limit is exceeded. Try again in 57 seconds.' },
      retryAfter: '57',
      source: 'partner_center',
    });
    expect(error).toMatchObject({ httpStatus: 429, code: 'HTTP_429', retryClass: 'throttled', retryAfterMs: 57_000 });
  });

  it('keeps the Retry-After delay of a 503 on a transient error', () => {
    const error = errorFromResponse({ status: 503, body: undefined, retryAfter: '3', source: 'partner_center' });
    expect(error).toMatchObject({ code: 'HTTP_503', retryClass: 'transient', retryAfterMs: 3_000 });
  });

  it('reads an OAuth2 error body from the authority', () => {
    const error = errorFromResponse({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'AADSTS70000' },
      source: 'authority',
    });
    expect(error).toMatchObject({ code: 'invalid_grant', retryClass: 'permanent', source: 'authority' });
  });

  it('does not classify by message text', () => {
    const error = errorFromResponse({ status: 400, body: { code: 1, description: 'please retry, server busy' }, source: 'partner_center' });
    expect(error.retryClass).toBe('permanent');
  });

  it('marks timeouts and network errors as transient without an HTTP status', () => {
    expect(timeoutError('partner_center', 'r', undefined)).toMatchObject({ httpStatus: null, code: 'TIMEOUT', retryClass: 'transient' });
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(networkError('graph', 'r', cause)).toMatchObject({ httpStatus: null, code: 'NETWORK_ERROR', retryClass: 'transient' });
  });
});
