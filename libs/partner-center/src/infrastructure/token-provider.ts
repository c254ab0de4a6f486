import { type Dispatcher, request } from 'undici';
import type { Secret } from '@nce/config';
import { PartnerCenterError, errorFromResponse, networkError, timeoutError } from '../domain/partner-center.errors';
import { CLIENT_ERROR } from '../domain/error-codes';

import type { AuthFlow, Target } from '../application/transport.port';

/** Token audience: the API the token is for. */
export type Audience = Target;

export interface TokenProviderOptions {
  authorityUrl: string;
  partnerTenantId: string;
  clientId: string;
  clientSecret: Secret;
  refreshToken: Secret;
  resources: Record<Audience, string>;
  dispatcher: Dispatcher;
  timeoutMs: number;
  now?: () => number;
}

interface CachedToken {
  accessToken: string;
  /** When the cached token stops being used (5 minutes before its expiry). */
  refreshAt: number;
}

/** Tokens are renewed this long before they expire, so a call never leaves with a token about to die. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * OAuth2 v1 token endpoint, one cached token per (flow, audience). Concurrent callers that find no
 * valid token share one in-flight request instead of stampeding the authority.
 */
export class TokenProvider {
  private readonly cache = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly now: () => number;
  private fetchCount = 0;

  constructor(private readonly options: TokenProviderOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Number of token requests sent so far (diagnostics, tests). */
  get requestsSent(): number {
    return this.fetchCount;
  }

  async getToken(flow: AuthFlow, audience: Audience): Promise<string> {
    const key = `${flow}:${audience}`;
    const cached = this.cache.get(key);
    if (cached && this.now() < cached.refreshAt) return cached.accessToken;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const fetching = this.fetchToken(flow, audience)
      .then((token) => {
        this.cache.set(key, token);
        return token.accessToken;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, fetching);
    return fetching;
  }

  /** Drops the cached token (the API answered 401), unless it was already replaced by a newer one. */
  invalidate(flow: AuthFlow, audience: Audience, rejectedToken?: string): void {
    const key = `${flow}:${audience}`;
    const cached = this.cache.get(key);
    if (cached && (rejectedToken === undefined || cached.accessToken === rejectedToken)) this.cache.delete(key);
  }

  private async fetchToken(flow: AuthFlow, audience: Audience): Promise<CachedToken> {
    const { options } = this;
    const form = new URLSearchParams({
      client_id: options.clientId,
      client_secret: options.clientSecret.reveal(),
      resource: options.resources[audience],
    });
    if (flow === 'app') {
      form.set('grant_type', 'client_credentials');
    } else {
      form.set('grant_type', 'refresh_token');
      form.set('refresh_token', options.refreshToken.reveal());
    }
    const url = `${trimSlash(options.authorityUrl)}/${encodeURIComponent(options.partnerTenantId)}/oauth2/token`;
    const requestedAt = this.now();
    this.fetchCount += 1;
    let response: Dispatcher.ResponseData;
    const signal = AbortSignal.timeout(options.timeoutMs);
    try {
      response = await request(url, {
        method: 'POST',
        dispatcher: options.dispatcher,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal,
      });
    } catch (error) {
      throw signal.aborted ? timeoutError('authority', '', error) : networkError('authority', '', error);
    }
    const text = await response.body.text();
    const body = parseJson(text);
    if (response.statusCode !== 200) {
      const retryAfter = response.headers['retry-after'];
      throw errorFromResponse({
        status: response.statusCode,
        body,
        retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
        source: 'authority',
      });
    }
    return toCachedToken(body, requestedAt);
  }
}

function toCachedToken(body: unknown, requestedAt: number): CachedToken {
  if (typeof body !== 'object' || body === null) throw invalidTokenResponse();
  const record = body as Record<string, unknown>;
  const accessToken = record.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') throw invalidTokenResponse();
  // expires_in is relative (string or number in the v1 endpoint); expires_on is epoch seconds.
  const expiresIn = Number(record.expires_in);
  const expiresOn = Number(record.expires_on);
  let expiresAt: number;
  if (Number.isFinite(expiresIn) && expiresIn > 0) expiresAt = requestedAt + expiresIn * 1000;
  else if (Number.isFinite(expiresOn) && expiresOn > 0) expiresAt = expiresOn * 1000;
  else expiresAt = requestedAt + 3_600_000;
  const lifetime = expiresAt - requestedAt;
  // A token shorter-lived than twice the margin is kept for half its life instead of not at all.
  const margin = Math.min(TOKEN_REFRESH_MARGIN_MS, lifetime / 2);
  return { accessToken, refreshAt: expiresAt - margin };
}

function invalidTokenResponse(): PartnerCenterError {
  return new PartnerCenterError({
    httpStatus: 200,
    code: CLIENT_ERROR.invalidResponse,
    description: 'Token response without access_token',
    retryClass: 'transient',
    source: 'authority',
  });
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
