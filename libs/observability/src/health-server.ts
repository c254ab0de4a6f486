import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

export interface HealthReport {
  ok: boolean;
  details: Record<string, unknown>;
}

export interface HealthServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The HTTP surface of a headless process: /health/live, /health/ready (503 until ready) and
 * /metrics (Prometheus). Nothing else listens in a worker.
 */
export function startHealthServer(options: {
  host: string;
  port: number;
  ready: () => Promise<HealthReport>;
  registry: Registry;
}): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, body: string, type = 'application/json'): void => {
      response.writeHead(status, { 'content-type': type });
      response.end(body);
    };
    if (path === '/health/live') return send(200, JSON.stringify({ status: 'ok' }));
    if (path === '/health/ready') {
      void options
        .ready()
        .then((report) => send(report.ok ? 200 : 503, JSON.stringify({ status: report.ok ? 'ok' : 'error', details: report.details })))
        .catch((error: unknown) => send(503, JSON.stringify({ status: 'error', error: String(error) })));
      return;
    }
    if (path === '/metrics') {
      void options.registry.metrics().then((text) => send(200, text, options.registry.contentType));
      return;
    }
    send(404, JSON.stringify({ status: 404 }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolve({ url: `http://${options.host}:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/** Runs a readiness probe with a timeout, reporting `up` / `down` with the error. */
export async function probe(check: () => Promise<unknown>, timeoutMs = 2_000): Promise<{ status: 'up' | 'down'; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([check(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)))]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
