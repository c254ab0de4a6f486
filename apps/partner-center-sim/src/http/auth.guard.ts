import { credentialAccepted, credentialRowForPath, credentialRowForTemplate } from '@nce/partner-center';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { SimContext } from '../sim-context';
import { graphErrorBody, partnerCenterErrorBody } from './error-body';
import { requestState } from './request-state';
import { GRAPH_APP_ID, GRAPH_AUDIENCE, LEGACY_GRAPH_WINDOWS_AUDIENCE, PARTNER_CENTER_AUDIENCE, type TokenProblem } from './token-codec';

export type Audience = 'partner-center' | 'graph';

const PROBLEM_TEXT: Record<TokenProblem | 'missing' | 'audience', string> = {
  missing: 'Authorization header with a bearer token is required.',
  malformed: 'The access token is malformed.',
  signature: 'The access token signature is invalid.',
  expired: 'The access token has expired.',
  not_yet_valid: 'The access token is not yet valid.',
  revoked: 'The access token has been revoked.',
  audience: 'The access token audience is not valid for this resource.',
};

function unauthorized(
  request: FastifyRequest,
  reply: FastifyReply,
  audience: Audience,
  problem: keyof typeof PROBLEM_TEXT,
  code = 401,
): void {
  const text = PROBLEM_TEXT[problem];
  if (audience === 'graph') {
    reply
      .code(401)
      .header(
        'WWW-Authenticate',
        `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="${GRAPH_APP_ID}", error="invalid_token", error_description="${text}"`,
      )
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

/** Route-level onRequest hook: bearer token present, valid, right audience. The credential type is checked by the credential table (below). */
export function authGuard(context: SimContext, audience: Audience): onRequestHookHandler {
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
      unauthorized(
        request,
        reply,
        audience,
        'audience',
        audience === 'partner-center' && verdict.aud === LEGACY_GRAPH_WINDOWS_AUDIENCE ? 900420 : 401,
      );
      return;
    }
    requestState(request).token = verdict;
    done();
  };
}

/**
 * Refuses what Microsoft refuses, from the credential table of partner-center-api.md §1.2 (shared
 * with the client, held against the documented table by its unit test), never from what a client
 * happens to send. Runs after body parsing: two operations share `POST /v1/customers/{id}/agreements`
 * and `POST /v1/customers` and differ by body. In this order:
 * - a retired operation (the legacy agreement API, retired 2026-01-05): 400 (the code is simulator-specific);
 * - a credential type the row does not accept: 403 900329 [PC-DOCS error-codes];
 * - an App+User call to Partner Center whose sign-in had no MFA: 401 900421 (enforced since 2026-04-01).
 */
export function registerCredentialEnforcement(app: FastifyInstance): void {
  app.addHook('preHandler', (request, reply, done) => {
    const state = requestState(request);
    const token = state.token;
    const template = request.routeOptions.url;
    if (token === undefined || template === undefined || (state.surface !== 'partner-center' && state.surface !== 'graph')) {
      done();
      return;
    }
    // A wildcard route (the price sheet's OData-style path) is found by its concrete path; every other
    // route by its pattern (memoised).
    const row = template.includes('*')
      ? credentialRowForPath(request.method, decodedPath(request.url), request.body)
      : credentialRowForTemplate(request.method, template, request.body);
    const type = token.idtyp === 'app' ? 'app' : 'app+user';
    if (row?.retired !== undefined) {
      reply
        .code(400)
        .send(
          partnerCenterErrorBody(
            900400,
            `${row.operation} was retired by Microsoft on ${row.retired}. Use the enhanced MCA attestation API (POST /v1/attestations/enhanced).`,
            { errorName: 'ApiRetired', isRetryable: false, simulatorSpecific: true },
          ),
        );
      return;
    }
    if (row !== undefined && !credentialAccepted(row, type)) {
      const text =
        type === 'app'
          ? "This resource doesn't support application-only authentication. Use App+User credentials."
          : 'This resource supports application-only (AppOnly) authentication only.';
      if (state.surface === 'graph') reply.code(403).send(graphErrorBody(request, 'Authorization_RequestDenied', text));
      else reply.code(403).send(partnerCenterErrorBody(900329, text, { isRetryable: false }));
      return;
    }
    if (type === 'app+user' && state.surface === 'partner-center' && !(token.amr ?? []).includes('mfa')) {
      reply
        .code(401)
        .header('WWW-Authenticate', `OAuth realm="${PARTNER_CENTER_AUDIENCE}", error="invalid_token", error_description="MFA required"`)
        .send(
          partnerCenterErrorBody(
            900421,
            'Multi-factor authentication (MFA) is required for App+User calls to Partner Center. The partner admin must sign in again with MFA and consent.',
            { isRetryable: false },
          ),
        );
      return;
    }
    done();
  });
}

function decodedPath(url: string): string {
  const path = url.split('?')[0];
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
