import { Agent } from 'undici';
import type { BreakerSettings } from '@nce/config';
import { BreakerOpenError, BreakerRegistry, BudgetExhaustedError, type BudgetScope } from '@nce/resilience';
import type { CallObservation } from '../domain/common.model';
import { PartnerCenterError } from '../domain/partner-center.errors';
import { route } from '../application/route';
import type { TransportRequest } from '../application/transport.port';
import { type HttpStub, type StubReply, type StubRequest, startHttpStub } from './http-stub.testing';
import { HttpTransport, countsAgainstBreaker } from './http-transport';
import { TokenProvider } from './token-provider';
import { InMemoryRefreshTokenStore } from '../application/refresh-token-store.port';

const breaker: BreakerSettings = {
  timeoutMs: 300,
  errorThresholdPercentage: 50,
  volumeThreshold: 2,
  resetTimeoutMs: 60_000,
  rollingCountTimeoutMs: 10_000,
};

describe('HttpTransport', () => {
  let stub: HttpStub;
  let api: (request: StubRequest) => StubReply;
  let tokensIssued: number;
  const agent = new Agent();
  let breakers: BreakerRegistry;
  let observations: CallObservation[];
  let budgetScopes: BudgetScope[];
  let penalties: { scope: BudgetScope; retryAfterMs: number }[];
  let budgetRefuses: boolean;

  beforeAll(async () => {
    stub = await startHttpStub((request) => {
      if (request.url.endsWith('/oauth2/token')) {
        tokensIssued += 1;
        return { status: 200, body: { expires_in: 3600, access_token: `token-${tokensIssued}` } };
      }
      return api(request);
    });
  });
  afterAll(async () => {
    await stub.close();
    await agent.close();
  });
  beforeEach(() => {
    tokensIssued = 0;
    stub.requests.length = 0;
    observations = [];
    budgetScopes = [];
    penalties = [];
    budgetRefuses = false;
    breakers = new BreakerRegistry({
      settings: { customers: breaker, commerce: breaker, catalog: breaker, graph: breaker },
      countsAsFailure: countsAgainstBreaker,
    });
  });
  afterEach(() => breakers.shutdown());

  function transport(store?: InMemoryRefreshTokenStore): HttpTransport {
    const tokens = new TokenProvider({
      refreshTokens: store,
      authorityUrl: stub.url,
      partnerTenantId: 'partner',
      clientId: 'c',
      clientSecret: { reveal: () => 's' } as never,
      refreshToken: { reveal: () => 'r' } as never,
      resources: { partner_center: 'pc', graph: 'graph' },
      dispatcher: agent,
      timeoutMs: 1_000,
    });
    return new HttpTransport({
      apiUrl: stub.url,
      graphUrl: `${stub.url}/`,
      partnerTenantId: 'partner',
      locale: 'en-GB',
      dispatcher: agent,
      tokens,
      breakers,
      budget: {
        acquire: async (scope) => {
          budgetScopes.push(scope);
          if (budgetRefuses) throw new BudgetExhaustedError('partner partner', 1_500);
        },
        penalize: async (scope, retryAfterMs) => {
          penalties.push({ scope, retryAfterMs });
        },
      },
      observer: (observation) => observations.push(observation),
    });
  }

  const getCustomer = (context = {}): TransportRequest => ({
    dependency: 'customers',
    target: 'partner_center',
    auth: 'app',
    route: route('GET', '/v1/customers/{id}', { id: 'cust-1' }),
    customerId: 'cust-1',
    context,
  });
  const apiRequests = (): StubRequest[] => stub.requests.filter((request) => !request.url.endsWith('/oauth2/token'));

  it('sends headers and JSON, returns the parsed body and reports the call', async () => {
    api = () => ({ status: 200, body: { id: 'cust-1' } });
    const response = await transport().send<{ id: string }>(getCustomer({ requestId: 'req-1', correlationId: 'order-1' }));
    expect(response).toMatchObject({ status: 200, body: { id: 'cust-1' }, requestId: 'req-1', correlationId: 'order-1' });
    const [sent] = apiRequests();
    expect(sent.url).toBe('/v1/customers/cust-1');
    expect(sent.headers).toMatchObject({
      authorization: 'Bearer token-1',
      'ms-requestid': 'req-1',
      'ms-correlationid': 'order-1',
      'x-locale': 'en-GB',
    });
    expect(budgetScopes).toEqual([{ partnerId: 'partner', customerId: 'cust-1', group: 'customers' }]);
    expect(observations).toEqual([
      expect.objectContaining({
        dependency: 'customers',
        route: 'GET /v1/customers/{id}',
        method: 'GET',
        status: 200,
        requestId: 'req-1',
        correlationId: 'order-1',
      }),
    ]);
  });

  it('refreshes the token once on a 401 and retries with the same MS-RequestId', async () => {
    api = (request) =>
      request.headers.authorization === 'Bearer token-1'
        ? { status: 401, body: { code: 401, description: 'revoked' } }
        : { status: 200, body: {} };
    await transport().send(getCustomer());
    const sent = apiRequests();
    expect(sent).toHaveLength(2);
    expect(sent[1].headers.authorization).toBe('Bearer token-2');
    expect(sent[1].headers['ms-requestid']).toBe(sent[0].headers['ms-requestid']);
    expect(tokensIssued).toBe(2);
    expect(observations.map((observation) => observation.status)).toEqual([401, 200]);
  });

  it('gives up after one refresh: a second 401 opens the authentication breaker (the order waits)', async () => {
    api = () => ({ status: 401, body: { code: 401, description: 'no' } });
    const error = await transport()
      .send(getCustomer())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ httpStatus: 401, code: 'PARTNER_CENTER_AUTHENTICATION', retryClass: 'upstream_unavailable' });
    expect(apiRequests()).toHaveLength(2);
    expect(tokensIssued).toBe(2);
  });

  it('turns 401 900421 (App+User without MFA) into a wait, recorded against the refresh-token version, without a retry', async () => {
    api = () => ({ status: 401, body: { code: 900421, description: 'MFA required' } });
    const store = new InMemoryRefreshTokenStore('r');
    const error = await transport(store)
      .send({ ...getCustomer(), auth: 'user' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PARTNER_CENTER_AUTHENTICATION', retryClass: 'upstream_unavailable', httpStatus: 401 });
    expect(apiRequests()).toHaveLength(1);
    expect((await store.read()).failure).toMatchObject({ code: '900421', version: 1 });
  });

  it('turns 403 900329 (credential type refused) into a wait that no token version explains', async () => {
    api = () => ({ status: 403, body: { code: 900329, description: 'app-only not supported' } });
    const store = new InMemoryRefreshTokenStore('r');
    const error = await transport(store)
      .send(getCustomer())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PARTNER_CENTER_AUTHENTICATION', retryClass: 'upstream_unavailable', httpStatus: 403 });
    expect((await store.read()).failure).toMatchObject({ code: '900329', version: null });
  });

  it('returns statuses listed in expect instead of throwing', async () => {
    api = () => ({ status: 404 });
    const response = await transport().send({
      ...getCustomer(),
      route: route('HEAD', '/v1/domains/{domain}', { domain: 'x.onmicrosoft.com' }),
      expect: [200, 404],
    });
    expect(response.status).toBe(404);
  });

  it('throws classified errors and does not trip the breaker on 4xx or 429', async () => {
    api = () => ({ status: 403, body: { code: 20002, description: 'no relationship' } });
    for (let i = 0; i < 4; i += 1) {
      await expect(transport().send(getCustomer())).rejects.toMatchObject({ code: '20002', retryClass: 'permanent' });
    }
    api = () => ({ status: 429, headers: { 'retry-after': '7' }, body: { statusCode: 429, message: 'Rate limit' } });
    await expect(transport().send(getCustomer())).rejects.toMatchObject({ retryClass: 'throttled', retryAfterMs: 7_000 });
    expect(breakers.state('customers')).toBe('closed');
    expect(observations.at(-1)).toMatchObject({ status: 429, errorCode: 'HTTP_429' });
  });

  it('pauses the scope on a 429 and sends the call again once the throttle lets it through', async () => {
    let answered = 0;
    api = () =>
      answered++ === 0
        ? { status: 429, headers: { 'retry-after': '2' }, body: { statusCode: 429, message: 'Rate limit' } }
        : { status: 200, body: { id: 'cust-1' } };
    const response = await transport().send(getCustomer());
    expect(response.status).toBe(200);
    expect(penalties).toEqual([{ scope: { partnerId: 'partner', customerId: 'cust-1', group: 'customers' }, retryAfterMs: 2_000 }]);
    // Acquired once per send: the resend waits in the throttle like any other call.
    expect(budgetScopes).toHaveLength(2);
    expect(new Set(apiRequests().map((request) => request.headers['ms-requestid'])).size).toBe(1);
  });

  it('opens the dependency breaker on 5xx and then fails fast without sending', async () => {
    api = () => ({ status: 503, headers: { 'retry-after': '1' } });
    await expect(transport().send(getCustomer())).rejects.toMatchObject({ retryClass: 'transient', retryAfterMs: 1_000 });
    await expect(transport().send(getCustomer())).rejects.toBeInstanceOf(PartnerCenterError);
    expect(breakers.state('customers')).toBe('open');
    const sentBefore = apiRequests().length;
    const error = await transport()
      .send(getCustomer())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BreakerOpenError);
    expect(apiRequests()).toHaveLength(sentBefore);
    expect(observations.at(-1)).toMatchObject({ status: null, errorCode: 'BREAKER_OPEN' });
    expect(breakers.state('commerce')).toBe('closed');
  });

  it('times out a hanging call with a transient TIMEOUT error', async () => {
    api = () => ({ status: 200, hang: true });
    const error = await transport()
      .send(getCustomer())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerCenterError);
    expect(error).toMatchObject({ httpStatus: null, code: 'TIMEOUT', retryClass: 'transient' });
    expect(observations.at(-1)).toMatchObject({ status: null, errorCode: 'TIMEOUT' });
  });

  it('reports connection failures as transient network errors', async () => {
    const closed = await startHttpStub(() => ({ status: 200 }));
    await closed.close();
    const broken = new HttpTransport({
      apiUrl: closed.url,
      graphUrl: closed.url,
      partnerTenantId: 'p',
      locale: 'en-US',
      dispatcher: agent,
      tokens: { getToken: async () => 't', invalidate: () => undefined, versionOf: () => null } as unknown as TokenProvider,
      breakers,
    });
    await expect(broken.send(getCustomer())).rejects.toMatchObject({ code: 'NETWORK_ERROR', retryClass: 'transient', httpStatus: null });
  });

  it('never sends a request the budget refuses', async () => {
    api = () => ({ status: 200, body: {} });
    budgetRefuses = true;
    await expect(transport().send(getCustomer())).rejects.toMatchObject({ retryClass: 'throttled', retryAfterMs: 1_500 });
    expect(apiRequests()).toHaveLength(0);
    expect(observations.at(-1)).toMatchObject({ status: null, errorCode: 'BUDGET_EXHAUSTED' });
  });

  it('sends Graph calls to the Graph base with client-request-id and a JSON body', async () => {
    api = () => ({ status: 201, body: { id: 'rel-1' } });
    const call: TransportRequest = {
      dependency: 'graph',
      target: 'graph',
      auth: 'user',
      route: route('POST', '/v1.0/tenantRelationships/delegatedAdminRelationships'),
      body: { displayName: 'x' },
    };
    await transport().send(call);
    const [sent] = apiRequests();
    expect(sent.url).toBe('/v1.0/tenantRelationships/delegatedAdminRelationships');
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.headers['client-request-id']).toBe(sent.headers['ms-requestid']);
    expect(JSON.parse(sent.body)).toEqual({ displayName: 'x' });
  });
});
