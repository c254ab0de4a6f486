import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardAdapter } from '@bull-board/fastify';
import type { AuthenticateApiKey, Principal } from '@nce/accounts';
import type { QueueRegistry } from '@nce/messaging';
import type { SqlAuditLog } from '@nce/persistence';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { sendProblem } from '../http/problem.filter';
import { problem } from '../http/problem';
import { OPERATIONS_REALM, authenticateOperator } from './operator-credentials';

export const BULL_BOARD_PATH = '/admin/queues';
const DASHBOARD_WRITE_SCOPE = 'dashboard:write';
const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Bull Board over every queue of this deployment (its prefix comes with the registry's queues).
 * Its routes are plain fastify routes, outside Nest's guard, so the operator check is a hook of
 * their own scope; a 401 asks the browser for Basic credentials. Its actions (retry, promote,
 * clean, pause) need the `dashboard:write` scope and are audited like the /v1/ops ones.
 */
export async function mountBullBoard(
  app: NestFastifyApplication,
  deps: { queues: QueueRegistry; authenticate: AuthenticateApiKey; audit: SqlAuditLog; onAuditFailure: (error: unknown) => void },
): Promise<void> {
  const serverAdapter = new BullBoardAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: deps.queues.all().map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'NCE operations' } },
  });
  const fastify = app.getHttpAdapter().getInstance();
  const actors = new WeakMap<object, Principal>();
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      const principal = await authenticateOperator(deps.authenticate, request.headers.authorization).catch(() => null);
      if (principal) {
        // Read-only unless the operator key carries the write scope: retry, promote, clean, pause change production.
        if (!READ_METHODS.has(request.method) && !(principal.scopes ?? []).includes(DASHBOARD_WRITE_SCOPE)) {
          sendProblem(
            reply,
            problem(
              403,
              'forbidden',
              'Forbidden',
              `The dashboard is read-only for this key; actions need an operator key with the ${DASHBOARD_WRITE_SCOPE} scope`,
            ),
          );
          return reply;
        }
        actors.set(request, principal);
        return;
      }
      void reply.header('www-authenticate', `Basic realm="${OPERATIONS_REALM}", charset="UTF-8"`);
      sendProblem(
        reply,
        problem(
          401,
          'unauthorized',
          'Unauthorized',
          'Send the operator key as Authorization: Bearer <key>, or as the password of HTTP Basic auth',
        ),
      );
      return reply;
    });
    scope.addHook('onResponse', async (request, reply) => {
      const principal = actors.get(request);
      if (!principal || request.method === 'GET' || reply.statusCode >= 400) return;
      const target = request.url.slice(BULL_BOARD_PATH.length).split('?')[0];
      await deps.audit
        .record({
          actorKeyId: principal.apiKeyId,
          actorRole: principal.role,
          action: 'bull_board.action',
          targetType: 'queue',
          targetId: target.slice(0, 100),
          details: { method: request.method, path: target },
        })
        .catch(deps.onAuditFailure);
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
  });
}
