import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SimulatedApiError, graphErrorBody, partnerCenterErrorBody } from './error-body';
import { findRequestState, surfaceOf } from './request-state';

function surfaceOfRequest(request: FastifyRequest): ReturnType<typeof surfaceOf> {
  return findRequestState(request)?.surface ?? surfaceOf(request.url.split('?')[0]);
}

function render(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: number | string,
  message: string,
  error?: SimulatedApiError,
): void {
  const surface = surfaceOfRequest(request);
  if (surface === 'graph') {
    const graphCode =
      typeof code === 'string' ? code : status === 404 ? 'itemNotFound' : status >= 500 ? 'generalException' : 'invalidRequest';
    reply.code(status).send(graphErrorBody(request, graphCode, message));
    return;
  }
  if (surface === 'partner-center') {
    reply.code(status).send(partnerCenterErrorBody(typeof code === 'number' ? code : status, message, error?.options ?? {}));
    return;
  }
  reply.code(status).send({ statusCode: status, error: String(code), message });
}

/** Every error leaves in the shape of the API it belongs to: Partner Center, Graph, or the control API. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | SimulatedApiError, request, reply) => {
    if (error instanceof SimulatedApiError) {
      render(request, reply, error.status, error.code, error.message, error);
      return;
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      process.stderr.write(`partner-center-sim: unhandled error on ${request.method} ${request.url}: ${error.stack ?? error.message}\n`);
      render(request, reply, 500, 900192, 'Something went wrong. Try again after some time.');
      return;
    }
    // Framework errors (body too large, bad content type): Partner Center's generic invalid-input code.
    render(request, reply, status, 2000, error.message);
  });

  app.setNotFoundHandler((request, reply) => {
    const surface = surfaceOfRequest(request);
    const message = `No route for ${request.method} ${request.url.split('?')[0]}`;
    if (surface === 'graph') {
      reply.code(400).send(graphErrorBody(request, 'BadRequest', `Resource not found for the segment: ${message}`));
      return;
    }
    render(request, reply, 404, surface === 'partner-center' ? 1000 : 'NotFound', message);
  });
}
