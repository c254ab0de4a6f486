import { SimTestKit } from '../testing/sim-test-kit';

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
    const grant = await fetch(`${sim.url}/common/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=password&client_id=x' });
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
    const partnerCenterOnGraph = await sim.call('GET', '/v1.0/tenantRelationships/delegatedAdminRelationships', { token: { raw: await sim.token('app', 'partner-center') } });
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
      const response = await sim.call(method, path, { token: 'app', body: method === 'POST' ? { qualification: 'StateOwnedEntity' } : undefined });
      expect({ path, status: response.status, code: response.body.code }).toEqual({ path, status: 403, code: 900329 });
    }
  });

  it('refuses app+user tokens on the AppOnly-only enhanced attestation routes', async () => {
    const response = await sim.call('POST', '/v1/attestations/enhanced', { token: 'user', body: { country: 'US' } });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe(900329);
  });

  it('revokes every issued token so clients must fetch new ones', async () => {
    expect((await sim.call('GET', '/v1/customers')).status).toBe(200);
    await sim.control('POST', '/_sim/tokens/revoke', {});
    expect((await sim.call('GET', '/v1/customers')).status).toBe(401);
    sim.forgetTokens();
    expect((await sim.call('GET', '/v1/customers')).status).toBe(200);
  });

  it('refuses a revoked refresh token with invalid_grant', async () => {
    await sim.control('POST', '/_sim/tokens/revoke', { refreshToken: 'test-refresh-token', accessTokens: false });
    const response = await sim.requestToken('user');
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_grant');
  });
});

describe('short-lived tokens', () => {
  it('expires tokens after tokenLifetimeSeconds', async () => {
    const sim = await SimTestKit.start({ tokenLifetimeSeconds: 1 });
    try {
      expect((await sim.call('GET', '/v1/customers', { token: 'app' })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const expired = await sim.call('GET', '/v1/customers', { token: 'app' });
      expect(expired.status).toBe(401);
      expect(expired.headers.get('www-authenticate')).toContain('expired');
    } finally {
      await sim.close();
    }
  });
});
