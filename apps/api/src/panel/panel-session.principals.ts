import { PanelSessions, type Principal } from '@nce/accounts';
import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiProblem } from '../http/api-problem';
import { crossSiteProblem, panelSessionSecret } from './panel-session.cookie';

/**
 * A principal source beside API keys: the panel's session cookie, asked only when a request has no
 * Bearer header. State-changing calls must pass the CSRF checks (panel header, same origin).
 */
@Injectable()
export class PanelSessionPrincipals {
  constructor(private readonly sessions: PanelSessions) {}

  async resolve(request: FastifyRequest): Promise<Principal | null> {
    const secret = panelSessionSecret(request);
    if (!secret) return null;
    const principal = await this.sessions.authenticate(secret);
    if (!principal) return null;
    const problem = crossSiteProblem(request);
    if (problem) throw ApiProblem.forbidden(problem);
    return principal;
  }
}
