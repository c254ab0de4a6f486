import { type Dispatcher, request } from 'undici';
import type { Secret } from '@nce/config';
import { PartnerCenterError, authenticationError, errorFromResponse, networkError, timeoutError } from '../domain/partner-center.errors';
import { CLIENT_ERROR } from '../domain/error-codes';
import type { AuthFlow, Target } from '../application/transport.port';
import { InMemoryRefreshTokenStore, type RefreshTokenState, type RefreshTokenStore } from '../application/refresh-token-store.port';
import type { ClientAssertionSigner } from './client-assertion';

/** Token audience: the API the token is for. */
export type Audience = Target;

export interface TokenProviderOptions {
  authorityUrl: string;
  partnerTenantId: string;
  clientId: string;
  clientSecret: Secret;
  /** Signs a client assertion (certificate credential) instead of sending the client secret. */
  clientAssertion?: ClientAssertionSigner;
  /** Seed of the in-memory store when no `refreshTokens` store is given. */
  refreshToken: Secret;
  /** Where the App+User refresh token lives (MySQL in the processes); every exchange writes the newest one back. */
  refreshTokens?: RefreshTokenStore;
  resources: Record<Audience, string>;
  dispatcher: Dispatcher;
  timeoutMs: number;
  /** How long an order waits before it re-checks while Partner Center authentication is broken. */
  authRecheckMs?: number;
  now?: () => number;
}

interface CachedToken {
  accessToken: string;
  /** When the cached token stops being used (5 minutes before its expiry). */
  refreshAt: number;
  /** The stored refresh-token version an App+User token came from (null for app-only). */
  version: number | null;
}

/** An App+User-affecting failure of our own credentials: the code the breaker records. */
export const AUTH_FAILURE = {
  missingRefreshToken: 'missing_refresh_token',
  invalidGrant: 'invalid_grant',
  mfaRequired: '900421',
  wrongCredentialType: '900329',
  unauthorized: 'unauthorized',
} as const;

/** Tokens are renewed this long before they expire, so a call never leaves with a token about to die. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * OAuth2 v1 token endpoint, one cached token per (flow, audience). Concurrent callers that find no
 * valid token share one in-flight request instead of stampeding the authority.
 *
 * App+User: the refresh token comes from the store and every exchange writes the rotated one back
 * under the store's lock. The Partner Center authentication breaker is the failure recorded in the
 * store against the current token version: while it is open no exchange is tried and every App+User
 * call fails at once with a `PARTNER_CENTER_AUTHENTICATION` error (orders wait, no attempt used); a
 * reconnect stores a newer version and closes it in every process.
 */
export class TokenProvider {
  private readonly cache = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<CachedToken>>();
  private readonly now: () => number;
  private readonly store: RefreshTokenStore;
  private fetchCount = 0;
  private lastUserCallRecorded = 0;

  constructor(private readonly options: TokenProviderOptions) {
    this.now = options.now ?? Date.now;
    this.store = options.refreshTokens ?? new InMemoryRefreshTokenStore(options.refreshToken.reveal(), this.now);
  }

  /** The stored token, its failure and the last successful App+User call (health, metrics). */
  readState(): Promise<RefreshTokenState> {
    return this.store.read();
  }

  /** The refresh-token version behind a cached App+User token (the transport records failures against it). */
  versionOf(flow: AuthFlow, audience: Audience, accessToken: string): number | null {
    const cached = this.cache.get(`${flow}:${audience}`);
    return cached?.accessToken === accessToken ? cached.version : null;
  }

  /**
   * Opens the authentication breaker: recorded against the token version (null: a failure that no
   * reconnect explains, such as a credential type the table got wrong) and returned as the error to throw.
   */
  async authenticationFailed(
    flow: AuthFlow,
    code: string,
    description: string,
    version: number | null,
    httpStatus: number | null,
  ): Promise<PartnerCenterError> {
    // Entra appends trace and correlation ids on further lines: the first line is the reason.
    const reason = description.split(/\r?\n/)[0];
    const error = authenticationError(code, reason, httpStatus, this.options.authRecheckMs ?? 10_000);
    await this.store
      .recordFailure({ code, description: `${flow === 'user' ? 'App+User' : 'App-only'}: ${reason}`, version })
      .catch(() => undefined);
    return error;
  }

  /** A successful App+User call (written at most once a minute per process). */
  userCallSucceeded(): void {
    const now = this.now();
    if (now - this.lastUserCallRecorded < 60_000) return;
    this.lastUserCallRecorded = now;
    void this.store.recordUserCall(new Date(now)).catch(() => undefined);
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
    if (pending) return (await pending).accessToken;
    const fetching = (flow === 'app' ? this.fetchToken('app', audience) : this.fetchUserToken(audience))
      .then((token) => {
        this.cache.set(key, token);
        return token;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, fetching);
    return (await fetching).accessToken;
  }

  /** Drops the cached token (the API answered 401), unless it was already replaced by a newer one. */
  invalidate(flow: AuthFlow, audience: Audience, rejectedToken?: string): void {
    const key = `${flow}:${audience}`;
    const cached = this.cache.get(key);
    if (cached && (rejectedToken === undefined || cached.accessToken === rejectedToken)) this.cache.delete(key);
  }

  /** App+User: the stored refresh token, redeemed under the store's lock; the rotated one is written back. */
  private async fetchUserToken(audience: Audience): Promise<CachedToken> {
    const state = await this.store.read();
    const token = state.token;
    if (token === null) {
      throw await this.authenticationFailed(
        'user',
        AUTH_FAILURE.missingRefreshToken,
        'No App+User refresh token is stored: run `npm run ops -- connect-partner-center`.',
        null,
        null,
      );
    }
    if (state.failure !== null && state.failure.version === token.version) {
      // The breaker is open for this token: no exchange until a reconnect stores a newer one.
      throw authenticationError(state.failure.code, state.failure.description, null, this.options.authRecheckMs ?? 10_000);
    }
    type Exchanged =
      { kind: 'ok'; token: CachedToken } | { kind: 'rejected'; error: PartnerCenterError; version: number } | { kind: 'missing' };
    const outcome = await this.store.exchange<Exchanged>(async (current) => {
      if (current === null) return { result: { kind: 'missing' } };
      try {
        const { token: cached, refreshToken } = await this.redeem('user', audience, current.refreshToken);
        // The store adds one to the version when it writes the rotated token.
        return {
          refreshToken,
          result: { kind: 'ok', token: { ...cached, version: current.version + (refreshToken === undefined ? 0 : 1) } },
        };
      } catch (error) {
        if (error instanceof PartnerCenterError && error.source === 'authority' && error.code === AUTH_FAILURE.invalidGrant) {
          return { result: { kind: 'rejected', error, version: current.version } };
        }
        throw error;
      }
    });
    if (outcome.kind === 'ok') return outcome.token;
    if (outcome.kind === 'missing') {
      throw await this.authenticationFailed(
        'user',
        AUTH_FAILURE.missingRefreshToken,
        'No App+User refresh token is stored: run `npm run ops -- connect-partner-center`.',
        null,
        null,
      );
    }
    throw await this.authenticationFailed(
      'user',
      AUTH_FAILURE.invalidGrant,
      outcome.error.description,
      outcome.version,
      outcome.error.httpStatus,
    );
  }

  private async fetchToken(flow: 'app', audience: Audience): Promise<CachedToken> {
    return (await this.redeem(flow, audience)).token;
  }

  /** One token request: client credentials (secret or certificate assertion), or a refresh-token exchange. */
  private async redeem(flow: AuthFlow, audience: Audience, refreshToken?: string): Promise<{ token: CachedToken; refreshToken?: string }> {
    const { options } = this;
    const url = `${trimSlash(options.authorityUrl)}/${encodeURIComponent(options.partnerTenantId)}/oauth2/token`;
    const form = new URLSearchParams({ client_id: options.clientId });
    if (options.clientAssertion) {
      form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      form.set('client_assertion', await options.clientAssertion.sign(url));
    } else {
      form.set('client_secret', options.clientSecret.reveal());
    }
    form.set('resource', options.resources[audience]);
    if (flow === 'app') {
      form.set('grant_type', 'client_credentials');
    } else {
      form.set('grant_type', 'refresh_token');
      form.set('refresh_token', refreshToken ?? '');
    }
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
    const rotated = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).refresh_token : undefined;
    return { token: toCachedToken(body, requestedAt), refreshToken: typeof rotated === 'string' && rotated !== '' ? rotated : undefined };
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
  return { accessToken, refreshAt: expiresAt - margin, version: null };
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
