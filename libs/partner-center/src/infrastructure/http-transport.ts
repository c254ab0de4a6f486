import { type Dispatcher, request } from 'undici';
import { type BreakerRegistry, type BudgetScope, type RequestBudget, isClassifiedError, CallTimeoutError } from '@nce/resilience';
import { throttleGroupOf } from '../application/throttle-group';
import type { CallObservation, CallObserver } from '../domain/common.model';
import type { PartnerCenterTransport, Target, TransportRequest, TransportResponse } from '../application/transport.port';
import { PartnerCenterError, errorFromResponse, networkError, timeoutError } from '../domain/partner-center.errors';
import { PC_ERROR } from '../domain/error-codes';
import { buildRequestHeaders, resolveCallIds } from './request-headers';
import { AUTH_FAILURE, type TokenProvider, trimSlash } from './token-provider';

export interface HttpTransportOptions {
  apiUrl: string;
  graphUrl: string;
  partnerTenantId: string;
  locale: string;
  dispatcher: Dispatcher;
  tokens: TokenProvider;
  breakers: BreakerRegistry;
  budget?: Pick<RequestBudget, 'acquire' | 'penalize'>;
  observer?: CallObserver;
  now?: () => number;
}

const THROTTLED_RESENDS = 2;
/** Microsoft documents Retry-After on every 429; a 429 without it waits this long. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

interface CallIds {
  requestId: string;
  correlationId: string;
}

/** The access token a call was sent with and the refresh-token version it came from. */
interface UsedToken {
  accessToken: string;
  version: number | null;
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * One Partner Center / Graph call: breaker check, shared budget, token, request with the dependency's
 * timeout inside the breaker, and one token refresh + retry (same MS-RequestId) on a 401.
 */
export class HttpTransport implements PartnerCenterTransport {
  private readonly now: () => number;

  constructor(private readonly options: HttpTransportOptions) {
    this.now = options.now ?? Date.now;
  }

  async send<T>(call: TransportRequest): Promise<TransportResponse<T>> {
    // Ids are fixed once so that the 401 retry is the same logical request.
    const fixed = resolveCallIds(call.context);
    const used: UsedToken = { accessToken: '', version: null };
    let response: TransportResponse<T>;
    try {
      response = await this.attempt<T>(call, fixed, used);
    } catch (error) {
      await this.throwIfCredentialsRefused(call, error, used);
      if (!isUnauthorized(error)) throw error;
      // The token was revoked or expired early: refresh once and retry once.
      try {
        response = await this.attempt<T>(call, fixed, used);
      } catch (second) {
        await this.throwIfCredentialsRefused(call, second, used);
        // A 401 that persists after a refresh: our credentials, not the order (authentication breaker).
        if (isUnauthorized(second))
          throw await this.authenticationFailed(call, AUTH_FAILURE.unauthorized, (second as PartnerCenterError).description, used, 401);
        throw second;
      }
    }
    if (call.auth === 'user') this.options.tokens.userCallSucceeded();
    return response;
  }

  /** 401 900421 (App+User without MFA) and 403 900329 (credential type refused) never fail an order: they open the authentication breaker. */
  private async throwIfCredentialsRefused(call: TransportRequest, error: unknown, used: UsedToken): Promise<void> {
    if (!(error instanceof PartnerCenterError) || error.source === 'authority') return;
    if (error.httpStatus === 401 && error.code === PC_ERROR.mfaRequired)
      throw await this.authenticationFailed(call, AUTH_FAILURE.mfaRequired, error.description, used, 401);
    // A refused credential type means our credential table disagrees with Microsoft: no reconnect explains it (no token version).
    if (error.httpStatus === 403 && error.code === PC_ERROR.appOnlyNotSupported) {
      throw await this.authenticationFailed(
        call,
        AUTH_FAILURE.wrongCredentialType,
        error.description,
        { accessToken: used.accessToken, version: null },
        403,
      );
    }
  }

  private authenticationFailed(
    call: TransportRequest,
    code: string,
    description: string,
    used: UsedToken,
    status: number,
  ): Promise<PartnerCenterError> {
    const { tokens } = this.options;
    tokens.invalidate(call.auth, call.target, used.accessToken);
    return tokens.authenticationFailed(
      call.auth,
      code,
      `${call.route.method} ${call.route.template}: ${description}`,
      call.auth === 'user' ? used.version : null,
      status,
    );
  }

  /**
   * A 429 pauses the call's whole scope in the shared throttle (every process waits), then the call is
   * sent again once the throttle lets it through: a throttled request was not processed, so resending
   * it is safe. After THROTTLED_RESENDS the 429 reaches the job (delayed without burning an attempt).
   */
  private async attempt<T>(call: TransportRequest, context: CallIds, used: UsedToken): Promise<TransportResponse<T>> {
    const scope: BudgetScope = { partnerId: this.options.partnerTenantId, customerId: call.customerId, group: throttleGroupOf(call) };
    for (let resends = 0; ; resends += 1) {
      try {
        return await this.attemptOnce<T>(call, context, scope, used);
      } catch (error) {
        if (!(error instanceof PartnerCenterError) || error.httpStatus !== 429 || !this.options.budget) throw error;
        await this.options.budget.penalize(scope, error.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS).catch(() => undefined);
        if (resends >= THROTTLED_RESENDS) throw error;
      }
    }
  }

  private async attemptOnce<T>(
    call: TransportRequest,
    context: CallIds,
    scope: BudgetScope,
    used: UsedToken,
  ): Promise<TransportResponse<T>> {
    const started = this.now();
    const observe = (status: number | null, errorCode?: string): void =>
      this.observe({
        dependency: call.dependency,
        route: `${call.route.method} ${call.route.template}`,
        method: call.route.method,
        status,
        requestId: context.requestId,
        correlationId: context.correlationId,
        durationMs: this.now() - started,
        ...(errorCode === undefined ? {} : { errorCode }),
      });
    let accessToken = '';
    try {
      this.options.breakers.assertCallable(call.dependency);
      await this.options.budget?.acquire(scope);
      accessToken = await this.options.tokens.getToken(call.auth, call.target);
      used.accessToken = accessToken;
      used.version = this.options.tokens.versionOf(call.auth, call.target, accessToken);
      const hasBody = call.body !== undefined;
      const { headers } = buildRequestHeaders({
        accessToken,
        target: call.target,
        locale: this.options.locale,
        hasBody,
        context,
        extra: call.headers,
      });
      const url = this.url(call.target, call.route.path);
      const raw = await this.options.breakers.execute(call.dependency, (signal) =>
        this.exchange(call, url, headers, hasBody ? JSON.stringify(call.body) : undefined, signal, context.requestId),
      );
      observe(raw.status);
      return { status: raw.status, headers: raw.headers, body: raw.body as T, ...context };
    } catch (thrown) {
      const error = thrown instanceof CallTimeoutError ? timeoutError(call.target, context.requestId, thrown) : thrown;
      observe(error instanceof PartnerCenterError ? error.httpStatus : null, isClassifiedError(error) ? error.code : undefined);
      if (isUnauthorized(error)) this.options.tokens.invalidate(call.auth, call.target, accessToken);
      throw error;
    }
  }

  private async exchange(
    call: TransportRequest,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal,
    requestId: string,
  ): Promise<RawResponse> {
    let response: Dispatcher.ResponseData;
    let text: string;
    try {
      response = await request(url, { method: call.route.method, headers, body, signal, dispatcher: this.options.dispatcher });
      text = await response.body.text();
    } catch (error) {
      // After our timeout the abort reason is the registry's CallTimeoutError; pass it on unchanged.
      if (signal.aborted) throw signal.reason;
      throw networkError(call.target, requestId, error);
    }
    const responseHeaders = flattenHeaders(response.headers);
    const parsed = parseBody(text);
    const accepted = call.expect ? call.expect.includes(response.statusCode) : response.statusCode >= 200 && response.statusCode < 300;
    if (accepted) return { status: response.statusCode, headers: responseHeaders, body: parsed };
    throw errorFromResponse({
      status: response.statusCode,
      body: parsed,
      retryAfter: responseHeaders['retry-after'],
      requestId,
      source: call.target,
      now: this.now(),
    });
  }

  private url(target: Target, path: string): string {
    if (/^https?:\/\//i.test(path)) return path;
    const base = target === 'partner_center' ? this.options.apiUrl : this.options.graphUrl;
    return `${trimSlash(base)}${path.startsWith('/') ? '' : '/'}${path}`;
  }

  private observe(observation: CallObservation): void {
    if (!this.options.observer) return;
    try {
      this.options.observer(observation);
    } catch {
      // observers (metrics, timelines) are best effort and must not fail the call
    }
  }
}

/** 4xx/429 answers prove the dependency is up: only no-answer and 5xx count against its breaker. */
export function countsAgainstBreaker(error: unknown): boolean {
  if (error instanceof PartnerCenterError) return error.httpStatus === null || error.httpStatus >= 500;
  return true;
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof PartnerCenterError && error.httpStatus === 401 && error.source !== 'authority';
}

function flattenHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
