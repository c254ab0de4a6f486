import { Gauge, type Registry } from 'prom-client';
import { authenticationHealth } from '../application/authentication-health';
import type { RefreshTokenState } from '../application/refresh-token-store.port';

/**
 * Partner Center credential series, read from the token store at scrape time (one read per scrape,
 * shared by the three gauges, which the registry collects concurrently):
 * - `nce_partner_center_refresh_token_age_seconds` (alert above 60 days; Entra refuses it at 90);
 * - `nce_partner_center_last_app_user_call_timestamp_seconds` (last successful App+User call);
 * - `nce_partner_center_authentication_breaker_open` (1: App+User calls wait for a reconnect).
 */
export function registerAuthenticationMetrics(
  registry: Registry,
  read: () => Promise<RefreshTokenState>,
  now: () => number = Date.now,
): void {
  let shared: { at: number; state: Promise<RefreshTokenState | undefined> } | undefined;
  const current = (): Promise<RefreshTokenState | undefined> => {
    if (shared === undefined || now() - shared.at > 1_000) shared = { at: now(), state: read().catch(() => undefined) };
    return shared.state;
  };
  const gauge = (name: string, help: string, value: (state: RefreshTokenState) => number): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const state = await current();
        // Store unreachable: keep the last value (the MySQL readiness probe reports the outage).
        if (state !== undefined) this.set(value(state));
      },
    });
  };
  gauge(
    'nce_partner_center_refresh_token_age_seconds',
    'Age of the stored App+User refresh token (-1: none stored)',
    (state) => authenticationHealth(state, now()).tokenAgeSeconds ?? -1,
  );
  gauge(
    'nce_partner_center_last_app_user_call_timestamp_seconds',
    'Time of the last successful App+User call to Partner Center (0: none yet)',
    (state) => (state.lastUserCallAt === null ? 0 : state.lastUserCallAt.getTime() / 1000),
  );
  gauge(
    'nce_partner_center_authentication_breaker_open',
    '1 while App+User calls wait for the partner to reconnect Partner Center',
    (state) => (authenticationHealth(state, now()).breaker === 'open' ? 1 : 0),
  );
}
