import type { Principal } from '@nce/contracts';
import { SqlAuditLog } from '@nce/persistence';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { type Observable, mergeMap } from 'rxjs';

const CANCEL_ROUTE = /^\/v1\/orders\/([^/?]+)\/cancel(?:\?|$)/;

/** An operator's cancel is an operator action: audited (after it succeeded) like the /v1/ops ones. */
@Injectable()
export class OperatorCancelAuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: SqlAuditLog) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const match = request.method === 'POST' ? CANCEL_ROUTE.exec(request.url) : null;
    if (!match) return next.handle();
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        const principal = request.principal;
        if (principal?.role === 'operator') {
          await this.audit.record({ actorKeyId: principal.apiKeyId, actorRole: principal.role, action: 'order.cancel', targetType: 'order', targetId: decodeURIComponent(match[1]), details: {} });
        }
        return result;
      }),
    );
  }
}
