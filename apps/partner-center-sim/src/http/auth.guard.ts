import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { SimContext } from '../sim-context';
import { graphErrorBody, partnerCenterErrorBody } from './error-body';
import { requestState } from './request-state';
import { GRAPH_APP_ID, GRAPH_AUDIENCE, LEGACY_GRAPH_WINDOWS_AUDIENCE, PARTNER_CENTER_AUDIENCE, type TokenProblem } from './token-codec';

export type Audience = 'partner-center' | 'graph';
/** `app-user`: App+User-only Partner Center operations; `app-only`: the enhanced attestation API. */
export type Identity = 'any' | 'app-user' | 'app-only';

const PROBLEM_TEXT: Record<TokenProblem | 'missing' | 'audience', string> = {
  missing: 'Authorization header with a bearer token is required.',
  malformed: 'The access token is malformed.',
  signature: 'The access token signature is invalid.',
  expired: 'The access token has expired.',
  not_yet_valid: 'The access token is not yet valid.',
  revoked: 'The access token has been revoked.',
  audience: 'The access token audience is not valid for this resource.',
};

function unauthorized(request: FastifyRequest, reply: FastifyReply, audience: Audience, problem: keyof typeof PROBLEM_TEXT, code = 401): void {
  const text = PROBLEM_TEXT[problem];
  if (audience === 'graph') {
    reply
      .code(401)
      .header('WWW-Authenticate', `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="${GRAPH_APP_ID}", error="invalid_token", error_description="${text}"`)
      .send(graphErrorBody(request, 'InvalidAuthenticationToken', text));
    return;
  }
  reply
    .code(401)
    .header('WWW-Authenticate', `OAuth realm="${PARTNER_CENTER_AUDIENCE}", error="invalid_token", error_description="${text}"`)
    .send(partnerCenterErrorBody(code, `Unauthorized: ${text}`, { isRetryable: false }));
}

function audienceMatches(aud: string, audience: Audience): boolean {
  if (audience === 'graph') return aud === GRAPH_AUDIENCE || aud === `${GRAPH_AUDIENCE}/` || aud === GRAPH_APP_ID;
  return aud === PARTNER_CENTER_AUDIENCE || aud === `${PARTNER_CENTER_AUDIENCE}/`;
}

/** Route-level onRequest hook: bearer token present, valid, right audience, right credential type. */
export function authGuard(context: SimContext, audience: Audience, identity: Identity = 'any'): onRequestHookHandler {
  return (request, reply, done) => {
    const header = request.headers.authorization;
    if (header === undefined || !/^bearer\s+/i.test(header)) {
      unauthorized(request, reply, audience, 'missing');
      return;
    }
    const verdict = context.tokens.verify(header.replace(/^bearer\s+/i, '').trim(), Math.floor(context.now() / 1000));
    if (typeof verdict === 'string') {
      unauthorized(request, reply, audience, verdict);
      return;
    }
    if (!audienceMatches(verdict.aud, audience)) {
      // Community source: the retired graph.windows.net audience fails with 900420 on Partner Center.
      unauthorized(request, reply, audience, 'audience', audience === 'partner-center' && verdict.aud === LEGACY_GRAPH_WINDOWS_AUDIENCE ? 900420 : 401);
      return;
    }
    if (identity === 'app-user' && verdict.idtyp === 'app') {
      reply.code(403).send(partnerCenterErrorBody(900329, "The resource doesn't support application-only authentication. Use App+User credentials.", { isRetryable: false }));
      return;
    }
    if (identity === 'app-only' && verdict.idtyp === 'user') {
      reply.code(403).send(partnerCenterErrorBody(900329, 'The resource supports application-only (AppOnly) authentication only.', { isRetryable: false }));
      return;
    }
    requestState(request).token = verdict;
    done();
  };
}
