import { AuthenticateApiKey, type Principal, type Role } from '@nce/accounts';
import { type CanActivate, type ExecutionContext, Injectable, Optional, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { PanelSessionPrincipals } from '../panel/panel-session.principals';
import { ApiProblem } from './api-problem';

const ROLES_KEY = 'nce:roles';
const PUBLIC_KEY = 'nce:public';

/** Which roles may call a route; a role outside the list gets 403 (it may see, not do). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw ApiProblem.unauthorized();
  return principal;
});

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : null;
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticate: AuthenticateApiKey,
    // The panel's cookie session: a second principal source, asked only without a Bearer header.
    @Optional() private readonly panelSessions?: PanelSessionPrincipals,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    const principal = token ? await this.authenticate.execute(token) : ((await this.panelSessions?.resolve(request)) ?? null);
    if (!principal) throw ApiProblem.unauthorized();
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role)) throw ApiProblem.forbidden(`This operation is not available to ${principal.role} keys`);
    return true;
  }
}
