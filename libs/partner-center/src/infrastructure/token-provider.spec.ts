import { Agent } from 'undici';
// Deep import: @nce/config's index pulls in ConfigModule (@nestjs/common is ESM-only and jest on Node 20 cannot require it).
import { Secret } from '../../../config/src/secret';
import { PartnerCenterError } from '../domain/partner-center.errors';
import { type HttpStub, type StubReply, startHttpStub } from './http-stub.testing';
import { TokenProvider } from './token-provider';
import { InMemoryRefreshTokenStore } from '../application/refresh-token-store.port';

describe('TokenProvider', () => {
  let stub: HttpStub;
  let reply: (form: URLSearchParams) => StubReply;
  let clock: number;
  let issued: number;
  const agent = new Agent();

  beforeAll(async () => {
    stub = await startHttpStub((request) => reply(new URLSearchParams(request.body)));
  });
  afterAll(async () => {
    await stub.close();
    await agent.close();
  });
  beforeEach(() => {
    clock = 1_000_000;
    issued = 0;
    stub.requests.length = 0;
    reply = (form) => {
      issued += 1;
      return {
        status: 200,
        body: { token_type: 'Bearer', expires_in: '3600', access_token: `${form.get('grant_type')}-${form.get('resource')}-${issued}` },
      };
    };
  });

  function provider(store?: InMemoryRefreshTokenStore): TokenProvider {
    return new TokenProvider({
      refreshTokens: store,
      authorityUrl: `${stub.url}/`,
      partnerTenantId: 'partner-tenant',
      clientId: 'client-1',
      clientSecret: new Secret('s3cret'),
      refreshToken: new Secret('refresh-1'),
      resources: { partner_center: 'https://api.partnercenter.microsoft.com', graph: 'https://graph.microsoft.com' },
      dispatcher: agent,
      timeoutMs: 1_000,
      now: () => clock,
    });
  }

  it('posts client credentials to the tenant v1 endpoint with the resource', async () => {
    const token = await provider().getToken('app', 'partner_center');
    expect(token).toBe('client_credentials-https://api.partnercenter.microsoft.com-1');
    const [request] = stub.requests;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/partner-tenant/oauth2/token');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(request.body);
    expect(Object.fromEntries(form)).toEqual({
      client_id: 'client-1',
      client_secret: 's3cret',
      resource: 'https://api.partnercenter.microsoft.com',
      grant_type: 'client_credentials',
    });
  });

  it('exchanges the refresh token for App+User tokens', async () => {
    await provider().getToken('user', 'graph');
    const form = new URLSearchParams(stub.requests[0].body);
    expect(form.get('grant_type')).toBe('refresh_token');
    expect(form.get('refresh_token')).toBe('refresh-1');
    expect(form.get('resource')).toBe('https://graph.microsoft.com');
  });

  it('caches per flow and audience until 5 minutes before expiry', async () => {
    const tokens = provider();
    const first = await tokens.getToken('app', 'partner_center');
    clock += 54 * 60_000;
    expect(await tokens.getToken('app', 'partner_center')).toBe(first);
    expect(await tokens.getToken('user', 'partner_center')).not.toBe(first);
    expect(await tokens.getToken('app', 'graph')).not.toBe(first);
    expect(tokens.requestsSent).toBe(3);
    clock += 60_001;
    expect(await tokens.getToken('app', 'partner_center')).not.toBe(first);
    expect(tokens.requestsSent).toBe(4);
  });

  it('shares one in-flight request between concurrent callers', async () => {
    const tokens = provider();
    const all = await Promise.all(Array.from({ length: 10 }, () => tokens.getToken('app', 'partner_center')));
    expect(new Set(all).size).toBe(1);
    expect(stub.requests).toHaveLength(1);
  });

  it('keeps a short-lived token for half its lifetime', async () => {
    reply = () => ({ status: 200, body: { expires_in: 120, access_token: `short-${++issued}` } });
    const tokens = provider();
    await tokens.getToken('app', 'partner_center');
    clock += 59_000;
    await tokens.getToken('app', 'partner_center');
    expect(tokens.requestsSent).toBe(1);
    clock += 2_000;
    await tokens.getToken('app', 'partner_center');
    expect(tokens.requestsSent).toBe(2);
  });

  it('fetches a new token after invalidate, but not when a newer one already replaced the rejected one', async () => {
    const tokens = provider();
    const first = await tokens.getToken('app', 'partner_center');
    tokens.invalidate('app', 'partner_center', first);
    const second = await tokens.getToken('app', 'partner_center');
    expect(second).not.toBe(first);
    tokens.invalidate('app', 'partner_center', first);
    expect(await tokens.getToken('app', 'partner_center')).toBe(second);
    expect(tokens.requestsSent).toBe(2);
  });

  it('opens the authentication breaker on invalid_grant: no further exchange until a newer token is stored', async () => {
    reply = () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'AADSTS700082: expired' } });
    const store = new InMemoryRefreshTokenStore('refresh-1', () => clock);
    const tokens = provider(store);
    const error = await tokens.getToken('user', 'partner_center').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerCenterError);
    expect(error).toMatchObject({
      code: 'PARTNER_CENTER_AUTHENTICATION',
      retryClass: 'upstream_unavailable',
      source: 'authority',
      httpStatus: 400,
      retryAfterMs: 10_000,
    });
    expect((await store.read()).failure).toMatchObject({ code: 'invalid_grant', version: 1 });
    await expect(tokens.getToken('user', 'partner_center')).rejects.toMatchObject({ code: 'PARTNER_CENTER_AUTHENTICATION' });
    expect(tokens.requestsSent).toBe(1);
    // App-only calls do not depend on the refresh token.
    reply = () => ({ status: 200, body: { access_token: 'app-token', expires_in: 3600 } });
    expect(await tokens.getToken('app', 'partner_center')).toBe('app-token');
    // A reconnect stores a newer token: the breaker closes.
    await store.save('refresh-2', 'consent');
    reply = (form) => ({
      status: 200,
      body: { access_token: `user-with-${form.get('refresh_token')}`, expires_in: 3600, refresh_token: 'refresh-3' },
    });
    expect(await tokens.getToken('user', 'partner_center')).toBe('user-with-refresh-2');
    expect((await store.read()).failure).toBeNull();
  });

  it('writes the rotated refresh token back on every exchange and uses it next time', async () => {
    let next = 1;
    reply = (form) => ({
      status: 200,
      body: { access_token: `at-${form.get('refresh_token')}`, expires_in: 3600, refresh_token: `refresh-${++next}` },
    });
    const store = new InMemoryRefreshTokenStore('refresh-1', () => clock);
    const tokens = provider(store);
    expect(await tokens.getToken('user', 'partner_center')).toBe('at-refresh-1');
    expect((await store.read()).token).toMatchObject({ refreshToken: 'refresh-2', source: 'exchange', version: 2 });
    expect(await tokens.getToken('user', 'graph')).toBe('at-refresh-2');
    expect((await store.read()).token?.refreshToken).toBe('refresh-3');
  });

  it('reports a missing refresh token as an authentication problem without calling the authority', async () => {
    const tokens = provider(new InMemoryRefreshTokenStore('', () => clock));
    await expect(tokens.getToken('user', 'partner_center')).rejects.toMatchObject({
      code: 'PARTNER_CENTER_AUTHENTICATION',
      retryClass: 'upstream_unavailable',
    });
    expect(tokens.requestsSent).toBe(0);
  });

  it('reports an authority outage as transient', async () => {
    reply = () => ({ status: 503, headers: { 'retry-after': '2' } });
    const error = await provider()
      .getToken('app', 'graph')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ retryClass: 'transient', retryAfterMs: 2_000 });
  });

  it('rejects a response without an access token', async () => {
    reply = () => ({ status: 200, body: { expires_in: 3600 } });
    await expect(provider().getToken('app', 'graph')).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });
});
