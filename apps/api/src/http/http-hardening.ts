import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, problem } from './problem';

const MAX_URL_LENGTH = 4_096;
const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};
// Pages that are not the panel (which has its own, stricter policy): nothing may frame them.
const FRAME_POLICY = "frame-ancestors 'none'";

/** Problems for errors node's HTTP parser raises before fastify sees a request; never echoing the input. */
function clientErrorProblem(code: string | undefined): ProblemDetails {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return problem(408, 'request-timeout', 'Request timeout', 'The request was not received in time; send the whole request at once');
    case 'HPE_HEADER_OVERFLOW':
      return problem(
        431,
        'headers-too-large',
        'Request header fields too large',
        'The request line and headers exceed the size this API accepts',
      );
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
    case 'HPE_INVALID_CONTENT_LENGTH':
    default:
      return problem(400, 'malformed-request', 'Malformed request', 'The request could not be read as HTTP/1.1');
  }
}

export function problemResponse(details: ProblemDetails): string {
  const body = JSON.stringify(details);
  return `HTTP/1.1 ${details.status} ${details.title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n${Object.entries(
    SECURITY_HEADERS,
  )
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n${body}`;
}

/** fastify's `clientErrorHandler`: malformed, oversized or too slow requests get a problem document and the socket closes. */
export function handleClientError(error: Error & { code?: string }, socket: Socket): void {
  if (socket.destroyed) return;
  if (socket.writable) socket.end(problemResponse(clientErrorProblem(error.code)));
  else socket.destroy();
}

/** Node's own request timers (the whole request must arrive within `requestTimeoutMs`), checked often enough to matter. */
export function applyRequestTimeouts(fastify: FastifyInstance, requestTimeoutMs: number): void {
  const server = fastify.server as typeof fastify.server & { connectionsCheckingInterval?: number };
  server.requestTimeout = requestTimeoutMs;
  server.headersTimeout = Math.min(requestTimeoutMs, 20_000);
  server.connectionsCheckingInterval = Math.max(250, Math.min(1_000, Math.floor(requestTimeoutMs / 4)));
}

/**
 * Response headers of every route: nosniff, no framing, no referrer; `Cache-Control: no-store` on
 * every /v1 answer (keys, webhook secrets, admin passwords and customer data are never cached by
 * a browser or proxy). A URL longer than 4 KB is refused with 414.
 */
export function secureResponses(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.url.length > MAX_URL_LENGTH) {
      void reply
        .status(414)
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .send(JSON.stringify(problem(414, 'uri-too-long', 'URI too long', `Request URLs are limited to ${MAX_URL_LENGTH} characters`)));
      return reply;
    }
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(name)) void reply.header(name, value);
    if (!reply.hasHeader('content-security-policy')) void reply.header('content-security-policy', FRAME_POLICY);
    if (isApiPath(request.raw)) void reply.header('cache-control', 'no-store');
    return payload;
  });
}

function isApiPath(request: IncomingMessage): boolean {
  const url = request.url ?? '';
  return url === '/v1' || url.startsWith('/v1/') || url.startsWith('/v1?');
}
