import type { FastifyInstance } from 'fastify';
import { normaliseKeys } from './casing';
import { invalidInput } from './error-body';

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  return normaliseKeys(JSON.parse(text));
}

/**
 * JSON bodies are parsed with keys normalised to camelCase. An empty body is accepted even with a JSON
 * content type: checkout is a POST with Content-Length 0 and clients often still send the header.
 * Token requests are form-urlencoded.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'text/json'], { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJson(String(body)));
    } catch {
      done(invalidInput('The request body is not valid JSON.'), undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  // Lenient with a missing or odd content type: try JSON, otherwise hand the text through.
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    try {
      done(null, parseJson(text));
    } catch {
      done(null, text);
    }
  });
}
