import { AuthenticateApiKey, type Principal, type Role } from '@nce/accounts';
import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblem } from './api-problem';
import { RATE_LIMIT_CLASS, RequestRateLimits } from './rate-limits';

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

/** One way a request proves who it is (the Bearer API key; a panel session cookie may be another). */
export interface PrincipalResolver {
  resolve(request: FastifyRequest): Promise<Principal | null>;
}

/** The resolvers the guard asks in order; the first principal found wins. */
export const PRINCIPAL_RESOLVERS = Symbol('PRINCIPAL_RESOLVERS');

export class BearerKeyResolver implements PrincipalResolver {
  constructor(private readonly authenticate: AuthenticateApiKey) {}

  async resolve(request: FastifyRequest): Promise<Principal | null> {
    const token = bearerToken(request.headers.authorization);
    return token ? this.authenticate.execute(token) : null;
  }
}

/**
 * Authenticates every route but the public ones, then applies the rate limits: per key once
 * authenticated, per client address for public /v1 routes and for requests without a valid key
 * (so guessing keys is limited too). Roles are checked last: a refused call still counts.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(PRINCIPAL_RESOLVERS) private readonly resolvers: PrincipalResolver[],
    private readonly limits: RequestRateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) {
      if (request.url.startsWith('/v1/')) await this.limits.forAddress(request.ip, reply);
      return true;
    }
    let principal: Principal | null = null;
    for (const resolver of this.resolvers) {
      principal = await resolver.resolve(request);
      if (principal) break;
    }
    if (!principal) {
      await this.limits.forAddress(request.ip, reply);
      throw ApiProblem.unauthorized();
    }
    request.principal = principal;
    await this.limits.forKey(
      principal,
      this.reflector.getAllAndOverride<string | undefined>(RATE_LIMIT_CLASS, targets) === 'fan-out',
      reply,
    );
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role)) throw ApiProblem.forbidden(`This operation is not available to ${principal.role} keys`);
    return true;
  }
}
