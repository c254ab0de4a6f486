import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress, WebhookRequest, WebhookResponse, WebhookTransport } from '../application/notifications.ports';

/** DNS pinned to the address the SSRF guard checked: the connection cannot be rebound elsewhere. */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  }) as LookupFunction;
}

const MAX_DISCARDED_BYTES = 64 * 1024;

/** The answer's body is not used: drain a little so the connection can be reused, else drop it. */
function discardBody(response: IncomingMessage): void {
  let bytes = 0;
  const drop = setTimeout(() => response.destroy(), 2_000);
  drop.unref();
  response.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > MAX_DISCARDED_BYTES) response.destroy();
  });
  response.once('close', () => clearTimeout(drop));
  response.once('error', () => undefined);
}

/**
 * POSTs a webhook over node:http(s): a hard timeout until the status line, no redirects followed,
 * the answer's body discarded, keep-alive connections for throughput.
 */
export class HttpWebhookTransport implements WebhookTransport {
  private readonly httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 64 });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 64 });

  send(request: WebhookRequest): Promise<WebhookResponse> {
    const started = performance.now();
    const secure = request.url.protocol === 'https:';
    const body = Buffer.from(request.body, 'utf8');
    return new Promise((resolve) => {
      let settled = false;
      const finish = (response: Omit<WebhookResponse, 'durationMs'>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...response, durationMs: performance.now() - started });
      };
      const outgoing = (secure ? httpsRequest : httpRequest)(
        {
          protocol: request.url.protocol,
          hostname: request.url.hostname.replace(/^\[|\]$/g, ''),
          port: request.url.port === '' ? undefined : Number(request.url.port),
          path: `${request.url.pathname}${request.url.search}`,
          method: 'POST',
          headers: { ...request.headers, 'content-length': String(body.length) },
          agent: secure ? this.httpsAgent : this.httpAgent,
          lookup: pinnedLookup(request.address),
        },
        (response: IncomingMessage) => {
          const retryAfter = response.headers['retry-after'];
          finish({ statusCode: response.statusCode ?? null, retryAfter: typeof retryAfter === 'string' ? retryAfter : null, error: null });
          discardBody(response);
        },
      );
      const timer = setTimeout(() => {
        outgoing.destroy(new Error(`timed out after ${request.timeoutMs} ms`));
        finish({ statusCode: null, retryAfter: null, error: `timed out after ${request.timeoutMs} ms` });
      }, request.timeoutMs);
      outgoing.once('error', (error: Error) => finish({ statusCode: null, retryAfter: null, error: error.message.slice(0, 300) }));
      outgoing.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
