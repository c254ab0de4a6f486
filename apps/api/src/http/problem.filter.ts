import { isDomainError } from '@nce/contracts';
import { isClassifiedError } from '@nce/resilience';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiProblem } from './api-problem';
import { domainProblem } from './domain-problem';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, problem } from './problem';

// Errors raised by the HTTP layer itself (fastify body parsing, unknown routes), by status. Fixed
// texts: parser messages quote the input (a JSON syntax error shows the body), and are never echoed.
function httpProblem(status: number): ProblemDetails {
  switch (status) {
    case 400:
      return problem(400, 'malformed-request', 'Malformed request', 'The request could not be read (is the body valid JSON?)');
    case 404:
      return problem(404, 'not-found', 'Not found', 'No such resource');
    case 408:
      return problem(408, 'request-timeout', 'Request timeout', 'The request was not received in time');
    case 413:
      return problem(413, 'body-too-large', 'Payload too large', 'The request body exceeds the 1 MB limit');
    case 414:
      return problem(414, 'uri-too-long', 'URI too long', 'The request URL is too long');
    case 415:
      return problem(415, 'unsupported-media-type', 'Unsupported media type', 'Send the body as application/json');
    case 431:
      return problem(431, 'headers-too-large', 'Request header fields too large', 'The request headers are too large');
    default:
      return problem(status, 'http-error', 'Request refused', 'The request was refused by the HTTP layer');
  }
}

/** Maps every error to application/problem+json at the edge; libs never throw HTTP errors. */
export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof ApiProblem) return error.details;
  if (isDomainError(error)) return domainProblem(error);
  if (isClassifiedError(error) && error.retryClass !== 'permanent') {
    const retryAfterSeconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 5_000) / 1000));
    return problem(
      503,
      'partner-center-unavailable',
      'Partner Center unavailable',
      'Microsoft Partner Center is not answering right now; retry after the indicated delay',
      { retryAfterSeconds },
    );
  }
  if (isClassifiedError(error))
    return problem(502, 'partner-center-refused', 'Partner Center refused the request', `Partner Center answered ${error.code}`);
  if (error instanceof HttpException) return httpProblem(error.getStatus());
  const candidate = error as { statusCode?: number };
  if (typeof candidate?.statusCode === 'number' && candidate.statusCode >= 400 && candidate.statusCode < 500)
    return httpProblem(candidate.statusCode);
  return problem(
    500,
    'internal',
    'Internal error',
    'Something went wrong; the request was not applied. Retry with the same Idempotency-Key.',
  );
}

export function sendProblem(reply: FastifyReply, details: ProblemDetails): void {
  if ((details.status === 503 || details.status === 429) && typeof details.retryAfterSeconds === 'number')
    reply.header('Retry-After', String(details.retryAfterSeconds));
  void reply.status(details.status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(details));
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly onUnexpected: (error: unknown) => void) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const details = toProblem(error);
    if (details.status >= 500) this.onUnexpected(error);
    sendProblem(host.switchToHttp().getResponse<FastifyReply>(), details);
  }
}
