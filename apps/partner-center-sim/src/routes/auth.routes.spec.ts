import { waitFor } from '@nce/testing/fakes';
import { SimTestKit, TEST_PARTNER_TENANT_ID } from '../testing/sim-test-kit';

async function form(
  sim: SimTestKit,
  path: string,
  fields: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function exchange(sim: SimTestKit, refreshToken: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return form(sim, `/${TEST_PARTNER_TENANT_ID}/oauth2/token`, {
    grant_type: 'refresh_token',
    client_id: 'sim-tests',
    client_secret: 'secret',
    resource: 'https://api.partnercenter.microsoft.com',
    refresh_token: refreshToken,
  });
}

function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('token endpoints and token checks', () => {
  let sim: SimTestKit;

  beforeAll(async () => {
    sim = await SimTestKit.start();
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    await sim.control('POST', '/_sim/reset');
    sim.forgetTokens({ consent: true });
  });

  it('issues a decodable app-only token with the v1 response fields as strings', async () => {
    const response = await sim.requestToken('app');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ token_type: 'Bearer', resource: 'https://api.partnercenter.microsoft.com' });
    for (const field of ['expires_in', 'ext_expires_in', 'expires_on', 'not_before']) expect(typeof response.body[field]).toBe('string');
    expect(response.body.refresh_token).toBeUndefined();
    const claims = decodePayload(String(response.body.access_token));
    expect(claims).toMatchObject({ aud: 'https://api.partnercenter.microsoft.com', idtyp: 'app', appidacr: '1' });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
  });

  it('exchanges a refresh token for an app+user token and a new refresh token', async () => {
    const response = await sim.requestToken('user');
    expect(response.status).toBe(200);
    expect(response.body.refresh_token).toEqual(expect.stringMatching(/^sim-rt\./));
    expect(response.body.scope).toBe('user_impersonation');
    expect(decodePayload(String(response.body.access_token))).toMatchObject({ idtyp: 'user', scp: 'user_impersonation' });
  });

  it('takes the Graph audience from a v2 scope and answers numbers', async () => {
    const response = await sim.requestToken('app', 'graph', 'v2');
    expect(response.status).toBe(200);
    expect(response.body.expires_in).toBe(3600);
    expect(decodePayload(String(response.body.access_token)).aud).toBe('https://graph.microsoft.com');
  });

  it('rejects a v2 client-credentials scope without /.default and an unsupported grant', async () => {
    const bad = await fetch(`${sim.url}/common/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=x&client_secret=y&scope=https://graph.microsoft.com/User.Read',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_scope', error_codes: [1002012] });
    const grant = await fetch(`${sim.url}/common/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&client_id=x',
    });
    expect(grant.status).toBe(400);
    expect(await grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('answers 401 with WWW-Authenticate for a missing, forged or wrong-audience token', async () => {
    const missing = await sim.call('GET', '/v1/customers', { token: 'none' });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('realm=');
    expect(missing.body).toMatchObject({ source: 'PartnerFD' });
    const forged = await sim.call('GET', '/v1/customers', { token: { raw: 'eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.c2ln' } });
    expect(forged.status).toBe(401);
    const graphOnPartnerCenter = await sim.call('GET', '/v1/customers', { token: { raw: await sim.token('app', 'graph') } });
    expect(graphOnPartnerCenter.status).toBe(401);
    const partnerCenterOnGraph = await sim.call('GET', '/v1.0/tenantRelationships/delegatedAdminRelationships', {
      token: { raw: await sim.token('app', 'partner-center') },
    });
    expect(partnerCenterOnGraph.status).toBe(401);
    expect(partnerCenterOnGraph.body).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
  });

  it('refuses app-only tokens on App+User-only routes with 403 900329', async () => {
    const tenantId = await sim.createTenant();
    for (const [method, path] of [
      ['GET', '/v1/agreements?agreementType=MicrosoftCustomerAgreement'],
      ['GET', `/v1/customers/${tenantId}/agreements?agreementType=MicrosoftCustomerAgreement`],
      ['GET', `/v1/customers/${tenantId}/validationStatus?type=account`],
      ['POST', `/v1/customers/${tenantId}/qualifications`],
    ]) {
      const response = await sim.call(method, path, {
        token: 'app',
        body: method === 'POST' ? { qualification: 'StateOwnedEntity' } : undefined,
      });
      expect({ path, status: response.status, code: response.body.code }).toEqual({ path, status: 403, code: 900329 });
    }
  });

  it('refuses app+user tokens on the AppOnly-only enhanced attestation routes', async () => {
    const response = await sim.call('POST', '/v1/attestations/enhanced', { token: 'user', body: { country: 'US' } });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe(900329);
  });

  it('revokes every issued token: access tokens answer 401, refresh tokens invalid_grant, a new consent works', async () => {
    expect((await sim.call('GET', '/v1/customers')).status).toBe(200);
    await sim.control('POST', '/_sim/tokens/revoke', {});
    expect((await sim.call('GET', '/v1/customers')).status).toBe(401);
    sim.forgetTokens();
    const refused = await sim.requestToken('user');
    expect(refused.body).toMatchObject({ error: 'invalid_grant', error_codes: [50173] });
    sim.forgetTokens({ consent: true });
    expect((await sim.call('GET', '/v1/customers')).status).toBe(200);
  });

  it('refuses one revoked refresh token with invalid_grant', async () => {
    const refreshToken = await sim.consent();
    await sim.control('POST', '/_sim/tokens/revoke', { refreshToken });
    const response = await exchange(sim, refreshToken);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_grant');
  });

  it('returns a new refresh token on every exchange, carrying the consent time limit of 90 days from issue', async () => {
    const first = await sim.consent();
    const second = await exchange(sim, first);
    expect(second.body.refresh_token).toEqual(expect.stringMatching(/^sim-rt\./));
    expect(second.body.refresh_token).not.toBe(first);
    await sim.control('POST', '/_sim/tokens/age', { days: 89 });
    expect((await exchange(sim, String(second.body.refresh_token))).status).toBe(200);
    await sim.control('POST', '/_sim/tokens/age', { days: 2 });
    const expired = await exchange(sim, String(second.body.refresh_token));
    expect(expired.body).toMatchObject({ error: 'invalid_grant', error_codes: [700082] });
  });

  it('carries amr "mfa" only when the consent was given with MFA; App+User calls without it get 401 900421', async () => {
    const withMfa = await exchange(sim, await sim.consent());
    expect(decodePayload(String(withMfa.body.access_token)).amr).toEqual(['pwd', 'mfa']);
    await sim.control('PUT', '/_sim/tokens/mfa', { enabled: false });
    const withoutMfa = await exchange(sim, await sim.consent());
    expect(decodePayload(String(withoutMfa.body.access_token)).amr).toEqual(['pwd']);
    const refused = await sim.call('GET', '/v1/customers', { token: { raw: String(withoutMfa.body.access_token) } });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe(900421);
    // The MFA fact is the consent's: a later exchange keeps it.
    const again = await exchange(sim, String(withoutMfa.body.refresh_token));
    expect(decodePayload(String(again.body.access_token)).amr).toEqual(['pwd']);
    expect((await sim.call('GET', '/v1/customers', { token: 'app' })).status).toBe(200);
  });

  it('runs the device-code flow: pending until approved, listed for approval, redeemed once', async () => {
    const started = await form(sim, `/${TEST_PARTNER_TENANT_ID}/oauth2/v2.0/devicecode`, {
      client_id: 'sim-tests',
      scope: 'https://api.partnercenter.microsoft.com/user_impersonation offline_access',
    });
    expect(started.body).toMatchObject({
      user_code: expect.any(String),
      device_code: expect.any(String),
      verification_uri: 'https://microsoft.com/devicelogin',
      interval: 5,
    });
    const grant = {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: 'sim-tests',
      device_code: String(started.body.device_code),
    };
    expect((await form(sim, `/${TEST_PARTNER_TENANT_ID}/oauth2/v2.0/token`, grant)).body).toMatchObject({ error: 'authorization_pending' });
    const pending = await sim.control<{ items: { userCode: string }[] }>('GET', '/_sim/devicecodes');
    expect(pending.body.items.map((item) => item.userCode)).toContain(started.body.user_code);
    expect((await sim.control('POST', `/_sim/devicecodes/${String(started.body.user_code)}/approve`)).body).toMatchObject({
      status: 'approved',
      mfa: true,
    });
    const redeemed = await form(sim, `/${TEST_PARTNER_TENANT_ID}/oauth2/v2.0/token`, grant);
    expect(redeemed.status).toBe(200);
    expect(redeemed.body.refresh_token).toEqual(expect.stringMatching(/^sim-rt\./));
    expect((await form(sim, `/${TEST_PARTNER_TENANT_ID}/oauth2/v2.0/token`, grant)).body).toMatchObject({ error: 'invalid_grant' });
  });

  it('records the credential type and status of every request in the ledger', async () => {
    const { body } = await sim.control<{ totalRequests: number }>('GET', '/_sim/ledger?requests=false');
    await sim.call('GET', '/v1/customers', { token: 'app' });
    await sim.call('GET', '/v1/customers/relationshiprequests', { token: 'app' });
    await sim.call('GET', '/v1/customers/relationshiprequests', { token: 'user' });
    const ledger = await sim.control<{ requests: { path: string; auth?: string; status: number }[] }>(
      'GET',
      `/_sim/ledger?since=${body.totalRequests}`,
    );
    const calls = ledger.body.requests
      .filter((entry) => entry.path.startsWith('/v1/'))
      .map(({ path, auth, status }) => ({ path, auth, status }));
    expect(calls).toEqual([
      { path: '/v1/customers', auth: 'app', status: 200 },
      { path: '/v1/customers/relationshiprequests', auth: 'app', status: 403 },
      { path: '/v1/customers/relationshiprequests', auth: 'app+user', status: 200 },
    ]);
  });

  it('finds a tenant id by domain', async () => {
    const tenantId = await sim.createTenant({ domain: 'lookupme.onmicrosoft.com' });
    expect((await sim.control('GET', '/_sim/tenants?domain=LookupMe.onmicrosoft.com')).body).toMatchObject({ tenantId });
    expect((await sim.control('GET', '/_sim/tenants?domain=nobody.onmicrosoft.com')).status).toBe(404);
  });

  it('accepts a certificate client assertion with the documented claims and refuses a malformed one', async () => {
    const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const assertion = (claims: Record<string, unknown>): string =>
      `${encode({ alg: 'RS256', typ: 'JWT', x5t: 'dGh1bWI' })}.${encode({ aud: `https://login.microsoftonline.com/${TEST_PARTNER_TENANT_ID}/oauth2/v2.0/token`, iss: 'sim-tests', sub: 'sim-tests', jti: 'j1', nbf: now, exp: now + 600, ...claims })}.c2ln`;
    const request = (value: string) =>
      form(sim, `/${TEST_PARTNER_TENANT_ID}/oauth2/token`, {
        grant_type: 'client_credentials',
        client_id: 'sim-tests',
        resource: 'https://api.partnercenter.microsoft.com',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: value,
      });
    const accepted = await request(assertion({}));
    expect(accepted.status).toBe(200);
    expect(decodePayload(String(accepted.body.access_token))).toMatchObject({ idtyp: 'app', appidacr: '2' });
    expect((await request(assertion({ iss: 'someone-else' }))).body).toMatchObject({ error: 'invalid_client' });
    expect((await request(assertion({ exp: now - 10 }))).body).toMatchObject({ error: 'invalid_client' });
  });
});

describe('tokens across a simulator restart', () => {
  it('accepts a refresh token issued before the restart when the signing key is the same', async () => {
    const before = await SimTestKit.start({ tokenSigningKey: 'restart-key' });
    const refreshToken = await before.consent();
    await before.close();
    const after = await SimTestKit.start({ tokenSigningKey: 'restart-key' });
    const other = await SimTestKit.start({ tokenSigningKey: 'another-key' });
    try {
      expect((await exchange(after, refreshToken)).status).toBe(200);
      expect((await exchange(other, refreshToken)).body).toMatchObject({ error: 'invalid_grant' });
    } finally {
      await after.close();
      await other.close();
    }
  });
});

describe('short-lived tokens', () => {
  it('expires tokens after tokenLifetimeSeconds', async () => {
    const sim = await SimTestKit.start({ tokenLifetimeSeconds: 1 });
    try {
      expect((await sim.call('GET', '/v1/customers', { token: 'app' })).status).toBe(200);
      const expired = await waitFor(
        async () => {
          const answer = await sim.call('GET', '/v1/customers', { token: 'app' });
          return answer.status === 401 ? answer : undefined;
        },
        { intervalMs: 100, timeoutMs: 5_000, what: 'the token to expire' },
      );
      expect(expired.headers.get('www-authenticate')).toContain('expired');
    } finally {
      await sim.close();
    }
  });
});
