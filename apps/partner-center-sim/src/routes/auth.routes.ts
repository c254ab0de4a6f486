import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { asRecord, optionalString } from '../http/casing';
import { requestState } from '../http/request-state';
import { GRAPH_APP_ID, GRAPH_AUDIENCE, LEGACY_GRAPH_WINDOWS_AUDIENCE, PARTNER_CENTER_AUDIENCE } from '../http/token-codec';
import type { RouteRegistrar, SimContext } from '../sim-context';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KNOWN_AUDIENCES = [PARTNER_CENTER_AUDIENCE, GRAPH_AUDIENCE, LEGACY_GRAPH_WINDOWS_AUDIENCE];
/** The admin agent the App+User (refresh token) flow signs in as. */
const ADMIN_AGENT_OID = '2f5e8c9a-1b3d-4e6f-8a0b-9c1d2e3f4a5b';

function sendAadError(request: FastifyRequest, reply: FastifyReply, status: number, error: string, code: number, text: string): void {
  const state = requestState(request);
  const timestamp = new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  reply.code(status).send({
    error,
    error_description: `AADSTS${code}: ${text}\r\nTrace ID: ${state.requestId}\r\nCorrelation ID: ${state.correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: state.requestId,
    correlation_id: state.correlationId,
  });
}

/** Maps a v1 `resource` or a v2 `scope` to the token audience; undefined when unknown. */
function audienceOf(resource: string | undefined, scope: string | undefined): string | undefined {
  if (resource !== undefined) {
    const trimmed = resource.replace(/\/+$/, '');
    if (trimmed === GRAPH_APP_ID) return GRAPH_AUDIENCE;
    return KNOWN_AUDIENCES.find((audience) => audience.toLowerCase() === trimmed.toLowerCase());
  }
  const scopes = (scope ?? '')
    .split(/\s+/)
    .filter((entry) => entry !== '' && !['offline_access', 'openid', 'profile', 'email'].includes(entry));
  for (const entry of scopes) {
    const known = KNOWN_AUDIENCES.find((audience) => entry.toLowerCase().startsWith(`${audience.toLowerCase()}/`));
    if (known !== undefined) return known;
    // A bare Graph permission name (e.g. DelegatedAdminRelationship.ReadWrite.All) targets Graph.
    if (/^[A-Za-z]+\.[A-Za-z.]+$/.test(entry)) return GRAPH_AUDIENCE;
  }
  return undefined;
}

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const DEVICE_CODE_LIFETIME_SECONDS = 900;
const DEVICE_CODE_INTERVAL_SECONDS = 5;
const ADMIN_AGENT_UPN = 'admin@partner.onmicrosoft.com';

/**
 * A confidential client authenticates with a secret or a signed client assertion (certificate). The
 * simulator checks the assertion's claims as Entra ID documents them (aud = the token endpoint,
 * iss = sub = client_id, unexpired, jti); it holds no certificate, so the signature is not verified.
 */
function clientAuthProblem(body: Record<string, unknown>, clientId: string, nowSeconds: number): string | undefined {
  const assertion = optionalString(body, 'client_assertion');
  if (assertion === undefined)
    return optionalString(body, 'client_secret') === undefined
      ? "'client_assertion', 'client_secret' or 'request' is required for the grant type."
      : undefined;
  if (optionalString(body, 'client_assertion_type') !== JWT_BEARER) return `client_assertion_type must be ${JWT_BEARER}.`;
  const parts = assertion.split('.');
  if (parts.length !== 3) return 'The client assertion is not a signed JWT.';
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as Record<string, unknown>;
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof header.alg !== 'string' || !/^(RS|PS)256$/.test(header.alg))
      return 'The client assertion must be signed with RS256 or PS256.';
    if (header.x5t === undefined && header['x5t#S256'] === undefined)
      return 'The client assertion header must carry the certificate thumbprint (x5t or x5t#S256).';
    if (claims.iss !== clientId || claims.sub !== clientId) return 'The client assertion iss and sub must be the client_id.';
    if (typeof claims.aud !== 'string' || !/\/oauth2\/(v2\.0\/)?token$/.test(claims.aud))
      return 'The client assertion aud must be the token endpoint.';
    if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return 'The client assertion has expired.';
    if (typeof claims.jti !== 'string' || claims.jti === '') return 'The client assertion must carry a jti.';
  } catch {
    return 'The client assertion is not a signed JWT.';
  }
  return undefined;
}

interface Grant {
  delegated: boolean;
  /** App+User only: the MFA fact of the consent behind the token. */
  mfa?: boolean;
}

/**
 * Redeems a refresh token as Entra ID does (partner-center-api.md §1.2): revoked, expired (90 days from
 * issue) or foreign tokens give invalid_grant; every exchange returns a new refresh token. The AADSTS
 * numbers and texts are assumed (Entra's messages as seen in practice; not part of the cited pages).
 */
function refreshGrant(
  context: SimContext,
  request: FastifyRequest,
  reply: FastifyReply,
  refreshToken: string,
  clientId: string,
): Grant | undefined {
  const facts = context.tokens.readRefreshToken(refreshToken);
  if (facts === undefined) {
    sendAadError(request, reply, 400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
    return undefined;
  }
  if (facts.appid !== clientId) {
    sendAadError(
      request,
      reply,
      400,
      'invalid_grant',
      70000,
      'Provided grant is invalid or malformed: the refresh token was issued to a different client.',
    );
    return undefined;
  }
  const store = context.state.tokens;
  if (store.isRevoked(facts.seq)) {
    sendAadError(
      request,
      reply,
      400,
      'invalid_grant',
      50173,
      'The provided grant has expired due to it being revoked, a fresh auth token is needed.',
    );
    return undefined;
  }
  const ageSeconds = (context.now() - facts.iat) / 1000 + store.shiftOf(facts.seq);
  if (ageSeconds >= context.settings.refreshTokenLifetimeDays * 86_400) {
    const issued = new Date(facts.iat).toISOString();
    sendAadError(
      request,
      reply,
      400,
      'invalid_grant',
      700082,
      `The refresh token has expired due to inactivity. The token was issued on ${issued} and was inactive for ${context.settings.refreshTokenLifetimeDays}.00:00:00.`,
    );
    return undefined;
  }
  return { delegated: true, mfa: facts.mfa };
}

/** The device-code grant: pending until an admin approves it (`POST /_sim/devicecodes/{userCode}/approve`). */
function deviceCodeGrant(
  context: SimContext,
  request: FastifyRequest,
  reply: FastifyReply,
  deviceCode: string,
  clientId: string,
): Grant | undefined {
  const entry = context.state.tokens.deviceCodes.get(deviceCode);
  if (entry === undefined || entry.clientId !== clientId || entry.status === 'redeemed') {
    sendAadError(request, reply, 400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed.');
    return undefined;
  }
  if (context.now() >= entry.expiresAt) {
    sendAadError(
      request,
      reply,
      400,
      'expired_token',
      70020,
      "The provided value for the input parameter 'device_code' is not valid. This device code has expired.",
    );
    return undefined;
  }
  if (entry.status === 'declined') {
    sendAadError(request, reply, 400, 'authorization_declined', 70000, 'The user declined the sign-in.');
    return undefined;
  }
  if (entry.status === 'pending') {
    sendAadError(
      request,
      reply,
      400,
      'authorization_pending',
      70016,
      'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
    );
    return undefined;
  }
  entry.status = 'redeemed';
  return { delegated: true, mfa: entry.mfa === true };
}

function issueToken(context: SimContext, request: FastifyRequest, reply: FastifyReply, version: 'v1' | 'v2'): void {
  const body = asRecord(request.body);
  const tenantParam = asRecord(request.params).tenant;
  const grantType = optionalString(body, 'grant_type');
  const clientId = optionalString(body, 'client_id');
  const resource = optionalString(body, 'resource');
  const deviceCodeEntry =
    grantType === DEVICE_CODE_GRANT ? context.state.tokens.deviceCodes.get(optionalString(body, 'device_code') ?? '') : undefined;
  // The device-code grant takes its scope from the device-code request.
  const scope = optionalString(body, 'scope') ?? deviceCodeEntry?.scope;
  const now = Math.floor(context.now() / 1000);
  if (grantType === undefined)
    return sendAadError(
      request,
      reply,
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'grant_type'.",
    );
  if (grantType !== 'client_credentials' && grantType !== 'refresh_token' && grantType !== DEVICE_CODE_GRANT) {
    return sendAadError(
      request,
      reply,
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType}'.`,
    );
  }
  if (clientId === undefined)
    return sendAadError(
      request,
      reply,
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    );
  if (grantType !== DEVICE_CODE_GRANT) {
    const problem = clientAuthProblem(body, clientId, now);
    if (problem !== undefined) return sendAadError(request, reply, 401, 'invalid_client', 7000216, problem);
  }
  if (version === 'v1' && resource === undefined && scope === undefined) {
    return sendAadError(
      request,
      reply,
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'resource'.",
    );
  }
  if (version === 'v2' && scope === undefined && grantType !== DEVICE_CODE_GRANT)
    return sendAadError(request, reply, 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
  if (version === 'v2' && grantType === 'client_credentials' && !(scope ?? '').split(/\s+/).every((entry) => entry.endsWith('/.default'))) {
    return sendAadError(
      request,
      reply,
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`,
    );
  }
  const audience = audienceOf(version === 'v1' ? resource : undefined, version === 'v1' && resource !== undefined ? undefined : scope);
  if (audience === undefined) {
    return sendAadError(
      request,
      reply,
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource ?? scope} was not found in the tenant.`,
    );
  }
  let grant: Grant | undefined = { delegated: false };
  if (grantType === 'refresh_token') {
    const refreshToken = optionalString(body, 'refresh_token');
    if (refreshToken === undefined)
      return sendAadError(
        request,
        reply,
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'refresh_token'.",
      );
    grant = refreshGrant(context, request, reply, refreshToken, clientId);
  } else if (grantType === DEVICE_CODE_GRANT) {
    const deviceCode = optionalString(body, 'device_code');
    if (deviceCode === undefined)
      return sendAadError(
        request,
        reply,
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'device_code'.",
      );
    grant = deviceCodeGrant(context, request, reply, deviceCode, clientId);
  }
  if (grant === undefined) return;
  const { delegated } = grant;
  const tenantId = typeof tenantParam === 'string' && GUID.test(tenantParam) ? tenantParam.toLowerCase() : context.settings.partnerTenantId;
  const lifetime = context.settings.tokenLifetimeSeconds;
  const grantedScope = audience === GRAPH_AUDIENCE ? 'DelegatedAdminRelationship.ReadWrite.All' : 'user_impersonation';
  const accessToken = context.tokens.issue({
    aud: audience,
    iss: `https://sts.windows.net/${tenantId}/`,
    iat: now,
    nbf: now,
    exp: now + lifetime,
    tid: tenantId,
    appid: clientId,
    appidacr: optionalString(body, 'client_assertion') === undefined ? '1' : '2',
    idtyp: delegated ? 'user' : 'app',
    oid: delegated ? ADMIN_AGENT_OID : randomUUID(),
    upn: delegated ? ADMIN_AGENT_UPN : undefined,
    scp: delegated ? grantedScope : undefined,
    amr: delegated ? (grant.mfa === true ? ['pwd', 'mfa'] : ['pwd']) : undefined,
    ver: '1.0',
  });
  const numbers = { expires_in: lifetime, ext_expires_in: lifetime, expires_on: now + lifetime, not_before: now };
  // The v1 endpoint writes numbers as strings (as in Microsoft's samples); v2 writes numbers.
  const shaped = version === 'v1' ? Object.fromEntries(Object.entries(numbers).map(([key, value]) => [key, String(value)])) : numbers;
  const response: Record<string, unknown> = { token_type: 'Bearer', ...shaped, resource: audience, access_token: accessToken };
  if (delegated) {
    // Every exchange returns a new refresh token, issued now, carrying the consent's MFA fact.
    response.refresh_token = context.tokens.issueRefreshToken({
      iat: context.now(),
      tid: tenantId,
      appid: clientId,
      mfa: grant.mfa === true,
      oid: ADMIN_AGENT_OID,
      upn: ADMIN_AGENT_UPN,
    });
    response.scope = version === 'v1' ? grantedScope : `${audience}/${grantedScope}`;
  }
  reply.header('Cache-Control', 'no-store, no-cache').header('Pragma', 'no-cache').send(response);
}

/** `POST /{tenant}/oauth2/v2.0/devicecode` (RFC 8628 as Entra ID answers it). */
function startDeviceCode(context: SimContext, request: FastifyRequest, reply: FastifyReply): void {
  const body = asRecord(request.body);
  const clientId = optionalString(body, 'client_id');
  const scope = optionalString(body, 'scope');
  if (clientId === undefined)
    return sendAadError(
      request,
      reply,
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    );
  if (scope === undefined)
    return sendAadError(request, reply, 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
  const tenantParam = asRecord(request.params).tenant;
  const now = context.now();
  const userCode = randomBytes(6)
    .toString('base64url')
    .replace(/[^A-Za-z0-9]/g, 'X')
    .toUpperCase()
    .slice(0, 9);
  const deviceCode = randomBytes(32).toString('base64url');
  context.state.tokens.deviceCodes.set(deviceCode, {
    deviceCode,
    userCode,
    clientId,
    tenantId: typeof tenantParam === 'string' && GUID.test(tenantParam) ? tenantParam.toLowerCase() : context.settings.partnerTenantId,
    scope,
    createdAt: now,
    expiresAt: now + DEVICE_CODE_LIFETIME_SECONDS * 1000,
    status: 'pending',
  });
  const verificationUri = 'https://microsoft.com/devicelogin';
  reply.header('Cache-Control', 'no-store, no-cache').send({
    user_code: userCode,
    device_code: deviceCode,
    verification_uri: verificationUri,
    expires_in: DEVICE_CODE_LIFETIME_SECONDS,
    interval: DEVICE_CODE_INTERVAL_SECONDS,
    message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
  });
}

/** Entra ID token endpoints (v1 `resource=` and v2 `scope=`) and the device-code endpoint, for any tenant and any client. */
export const registerAuthRoutes: RouteRegistrar = (app, context) => {
  app.post('/:tenant/oauth2/token', (request, reply) => issueToken(context, request, reply, 'v1'));
  app.post('/:tenant/oauth2/v2.0/token', (request, reply) => issueToken(context, request, reply, 'v2'));
  app.post('/:tenant/oauth2/v2.0/devicecode', (request, reply) => startDeviceCode(context, request, reply));
};
