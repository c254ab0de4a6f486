import { buildRequestHeaders, resolveCallIds } from './request-headers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('buildRequestHeaders', () => {
  it('sends the bearer token, JSON accept, locale and the caller ids to Partner Center', () => {
    const built = buildRequestHeaders({
      accessToken: 'tok',
      target: 'partner_center',
      locale: 'en-US',
      hasBody: true,
      context: { requestId: 'req-1', correlationId: 'order-1' },
    });
    expect(built.headers).toEqual({
      authorization: 'Bearer tok',
      accept: 'application/json',
      'content-type': 'application/json',
      'ms-requestid': 'req-1',
      'ms-correlationid': 'order-1',
      'x-locale': 'en-US',
    });
    expect(built).toMatchObject({ requestId: 'req-1', correlationId: 'order-1' });
  });

  it('generates new UUIDs when the caller gives no ids (or blank ones)', () => {
    const first = buildRequestHeaders({
      accessToken: 't',
      target: 'partner_center',
      locale: 'en-US',
      hasBody: false,
      context: { requestId: ' ' },
    });
    const second = buildRequestHeaders({ accessToken: 't', target: 'partner_center', locale: 'en-US', hasBody: false });
    expect(first.requestId).toMatch(UUID);
    expect(first.correlationId).toMatch(UUID);
    expect(first.requestId).not.toBe(second.requestId);
    expect(first.headers['content-type']).toBeUndefined();
  });

  it('gives Graph the request id as client-request-id and no X-Locale', () => {
    const built = buildRequestHeaders({
      accessToken: 't',
      target: 'graph',
      locale: 'en-US',
      hasBody: false,
      context: { requestId: 'g-1' },
    });
    expect(built.headers['client-request-id']).toBe('g-1');
    expect(built.headers['x-locale']).toBeUndefined();
  });

  it('adds link headers but never lets them override authorization or ids', () => {
    const built = buildRequestHeaders({
      accessToken: 'tok',
      target: 'partner_center',
      locale: 'en-US',
      hasBody: false,
      context: { requestId: 'r' },
      extra: { 'MS-ContinuationToken': 'abc', Authorization: 'Bearer stolen', 'MS-RequestId': 'x' },
    });
    expect(built.headers['ms-continuationtoken']).toBe('abc');
    expect(Object.keys(built.headers).filter((name) => name.toLowerCase() === 'authorization')).toHaveLength(1);
    expect(built.headers.authorization).toBe('Bearer tok');
    expect(built.headers['ms-requestid']).toBe('r');
  });

  it('resolves ids once so that a retry can reuse them', () => {
    expect(resolveCallIds({ requestId: 'keep', correlationId: 'order' })).toEqual({ requestId: 'keep', correlationId: 'order' });
  });
});
