import type { FastifyRequest } from 'fastify';

/** The panel's session cookie: HttpOnly (no script reads it), SameSite=Strict, the whole API path. */
export const PANEL_COOKIE = 'nce_panel_session';
/** Header the panel sends with every call; cross-site pages cannot add it without a CORS preflight. */
export const PANEL_HEADER = 'x-nce-panel';

export function panelSessionSecret(request: FastifyRequest): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === PANEL_COOKIE) return value.join('=') || null;
  }
  return null;
}

export function sessionCookie(secret: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${PANEL_COOKIE}=${secret}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`, secure ? 'Secure' : null]
    .filter(Boolean)
    .join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}

/**
 * CSRF defence for cookie-authenticated calls: reads are free; a state-changing call must carry the
 * panel header, and an Origin, when the browser sends one, must be the API's own.
 */
export function crossSiteProblem(request: FastifyRequest): string | null {
  if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return null;
  if (request.headers[PANEL_HEADER] !== '1') return `A panel session call that changes something needs the ${PANEL_HEADER} header`;
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return 'The Origin header is not a URL';
    }
    if (host !== request.headers.host) return 'Cross-site requests cannot use a panel session';
  } else if (origin === 'null') return 'Cross-site requests cannot use a panel session';
  return null;
}
