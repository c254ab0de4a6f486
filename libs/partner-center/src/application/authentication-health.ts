import type { RefreshTokenState } from './refresh-token-store.port';

/** Renew well before Entra's 90 days: a token older than this makes health `degraded`. */
export const TOKEN_AGE_WARNING_DAYS = 60;
const DAY_MS = 86_400_000;

export interface AuthenticationHealth {
  status: 'ok' | 'degraded';
  /** Plain reasons an operator acts on (empty when ok). */
  reasons: string[];
  /** `open`: App+User calls are not attempted until a reconnect stores a newer token. */
  breaker: 'open' | 'closed';
  tokenAgeSeconds: number | null;
  tokenObtainedAt: string | null;
  lastAppUserCallAt: string | null;
  lastFailure: { code: string; description: string; at: string } | null;
}

/** Health of the partner's Partner Center credentials, from the stored state (pure). */
export function authenticationHealth(state: RefreshTokenState, now: number): AuthenticationHealth {
  const { token, failure } = state;
  const reasons: string[] = [];
  const open = token === null || (failure !== null && failure.version === token.version);
  const ageSeconds = token === null ? null : Math.max(0, Math.floor((now - token.obtainedAt.getTime()) / 1000));
  if (token === null) reasons.push('No Partner Center App+User refresh token is stored: run `npm run ops -- connect-partner-center`.');
  else if (failure !== null && failure.version === token.version)
    reasons.push(
      `Partner Center refused our App+User credentials (${failure.code}): the partner admin must reconnect (npm run ops -- connect-partner-center).`,
    );
  if (failure !== null && failure.version === null && token !== null)
    reasons.push(`Partner Center refused a call's credential type (${failure.code}): ${failure.description}`);
  if (ageSeconds !== null && ageSeconds * 1000 > TOKEN_AGE_WARNING_DAYS * DAY_MS) {
    reasons.push(
      `The Partner Center refresh token is ${Math.floor(ageSeconds / 86_400)} days old (Entra refuses it after 90 days): reconnect, or let an App+User call renew it.`,
    );
  }
  return {
    status: reasons.length === 0 ? 'ok' : 'degraded',
    reasons,
    breaker: open ? 'open' : 'closed',
    tokenAgeSeconds: ageSeconds,
    tokenObtainedAt: token?.obtainedAt.toISOString() ?? null,
    lastAppUserCallAt: state.lastUserCallAt?.toISOString() ?? null,
    lastFailure: failure === null ? null : { code: failure.code, description: failure.description, at: failure.at.toISOString() },
  };
}
