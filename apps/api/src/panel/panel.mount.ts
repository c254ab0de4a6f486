import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PANEL_PATH } from './panel-path';

export { PANEL_PATH };

// The page talks only to this origin and loads nothing from elsewhere (no CDN, no inline script).
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * The Customer Control Panel: static files (HTML, CSS, JS modules) served at /panel/, public like
 * /docs (DESIGN.md section 8). The page calls the public API with the customer key as Bearer.
 */
export async function mountPanel(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, {
    root: join(__dirname, 'public'),
    // Without the trailing slash, so /panel redirects to /panel/ (relative module URLs need it).
    prefix: PANEL_PATH,
    redirect: true,
    index: 'index.html',
    cacheControl: false,
    // The build leaves swc's source maps beside the copied modules; they describe other files.
    allowedPath: (pathName) => !pathName.endsWith('.map'),
    setHeaders: (reply) => {
      void reply.header('cache-control', 'no-cache');
      void reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
      void reply.header('x-content-type-options', 'nosniff');
      void reply.header('referrer-policy', 'no-referrer');
    },
  });
}
