import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiProblem } from './api-problem';

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const MAX_DEPTH = 64;

function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** The path (`items[0].reference`) of the first string holding an unpaired UTF-16 surrogate, or null. */
export function findUnpairedSurrogate(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return UNPAIRED_SURROGATE.test(value) ? path || 'body' : null;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return null;
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  for (const [key, item] of entries) {
    if (typeof key === 'string' && UNPAIRED_SURROGATE.test(key)) return child(path, '(field name)');
    const found = findUnpairedSurrogate(item, child(path, key), depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * JSON is the only request body the API reads: every other content type is refused with 415
 * (fastify's answer when no parser matches), so a form post can never create anything. A string
 * that is not valid Unicode (an unpaired surrogate) is refused here, naming the field, before it
 * can reach MySQL's utf8mb4 columns as a 500.
 */
export function acceptJsonBodiesOnly(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (request: FastifyRequest, body: string | Buffer, done: (error: Error | null, value?: unknown) => void) => {
      parseJson(request, String(body), (error: Error | null, value?: unknown) => {
        if (error) return done(error);
        const field = findUnpairedSurrogate(value);
        if (field) return done(ApiProblem.validation([{ field, message: 'Not valid Unicode text (an unpaired UTF-16 surrogate)' }]));
        done(null, value);
      });
    },
  );
}
