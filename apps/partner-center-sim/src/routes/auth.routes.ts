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
  const scopes = (scope ?? '').split(/\s+/).filter((entry) => entry !== '' && !['offline_access', 'openid', 'profile', 'email'].includes(entry));
  for (const entry of scopes) {
    const known = KNOWN_AUDIENCES.find((audience) => entry.toLowerCase().startsWith(`${audience.toLowerCase()}/`));
    if (known !== undefined) return known;
    // A bare Graph permission name (e.g. DelegatedAdminRelationship.ReadWrite.All) targets Graph.
    if (/^[A-Za-z]+\.[A-Za-z.]+$/.test(entry)) return GRAPH_AUDIENCE;
  }
  return undefined;
}

function issueToken(context: SimContext, request: FastifyRequest, reply: FastifyReply, version: 'v1' | 'v2'): void {
  const body = asRecord(request.body);
  const tenantParam = asRecord(request.params).tenant;
  const grantType = optionalString(body, 'grant_type');
  const clientId = optionalString(body, 'client_id');
  const resource = optionalString(body, 'resource');
  const scope = optionalString(body, 'scope');
  if (grantType === undefined) return sendAadError(request, reply, 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
  if (grantType !== 'client_credentials' && grantType !== 'refresh_token') {
    return sendAadError(request, reply, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
  }
  if (clientId === undefined) return sendAadError(request, reply, 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
  if (grantType === 'client_credentials' && optionalString(body, 'client_secret') === undefined && optionalString(body, 'client_assertion') === undefined) {
    return sendAadError(request, reply, 401, 'invalid_client', 7000216, "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.");
  }
  if (version === 'v1' && resource === undefined && scope === undefined) {
    return sendAadError(request, reply, 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'resource'.");
  }
  if (version === 'v2' && scope === undefined) return sendAadError(request, reply, 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
  if (version === 'v2' && grantType === 'client_credentials' && !(scope ?? '').split(/\s+/).every((entry) => entry.endsWith('/.default'))) {
    return sendAadError(request, reply, 400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`);
  }
  const audience = audienceOf(version === 'v1' ? resource : undefined, version === 'v1' && resource !== undefined ? undefined : scope);
  if (audience === undefined) {
    return sendAadError(request, reply, 400, 'invalid_resource', 500011, `The resource principal named ${resource ?? scope} was not found in the tenant.`);
  }
  const refreshToken = optionalString(body, 'refresh_token');
  if (grantType === 'refresh_token') {
    if (refreshToken === undefined) return sendAadError(request, reply, 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'refresh_token'.");
    if (context.state.revokedRefreshTokens.has(refreshToken)) {
      return sendAadError(request, reply, 400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity.');
    }
  }
  const delegated = grantType === 'refresh_token';
  const tenantId = typeof tenantParam === 'string' && GUID.test(tenantParam) ? tenantParam.toLowerCase() : context.settings.partnerTenantId;
  const now = Math.floor(context.now() / 1000);
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
    appidacr: '1',
    idtyp: delegated ? 'user' : 'app',
    oid: delegated ? ADMIN_AGENT_OID : randomUUID(),
    upn: delegated ? 'admin@partner.onmicrosoft.com' : undefined,
    scp: delegated ? grantedScope : undefined,
    ver: '1.0',
  });
  const numbers = { expires_in: lifetime, ext_expires_in: lifetime, expires_on: now + lifetime, not_before: now };
  // The v1 endpoint writes numbers as strings (as in Microsoft's samples); v2 writes numbers.
  const shaped = version === 'v1' ? Object.fromEntries(Object.entries(numbers).map(([key, value]) => [key, String(value)])) : numbers;
  const response: Record<string, unknown> = { token_type: 'Bearer', ...shaped, resource: audience, access_token: accessToken };
  if (delegated) {
    response.refresh_token = `sim-rt.${randomBytes(24).toString('base64url')}`;
    response.scope = version === 'v1' ? grantedScope : `${audience}/${grantedScope}`;
  }
  reply.header('Cache-Control', 'no-store, no-cache').header('Pragma', 'no-cache').send(response);
}

/** Entra ID token endpoints (v1 `resource=` and v2 `scope=`), for any tenant and any client. */
export const registerAuthRoutes: RouteRegistrar = (app, context) => {
  app.post('/:tenant/oauth2/token', (request, reply) => issueToken(context, request, reply, 'v1'));
  app.post('/:tenant/oauth2/v2.0/token', (request, reply) => issueToken(context, request, reply, 'v2'));
};
