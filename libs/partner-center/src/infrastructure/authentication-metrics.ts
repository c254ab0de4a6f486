import { Gauge, type Registry } from 'prom-client';
import { authenticationHealth } from '../application/authentication-health';
import type { RefreshTokenState } from '../application/refresh-token-store.port';

/**
 * Partner Center credential series, read from the token store at scrape time:
 * - `nce_partner_center_refresh_token_age_seconds` (alert above 60 days; Entra refuses it at 90);
 * - `nce_partner_center_last_app_user_call_timestamp_seconds` (last successful App+User call);
 * - `nce_partner_center_authentication_breaker_open` (1: App+User calls wait for a reconnect).
 */
export function registerAuthenticationMetrics(registry: Registry, read: () => Promise<RefreshTokenState>, now: () => number = Date.now): void {
  const lastCall = new Gauge({ name: 'nce_partner_center_last_app_user_call_timestamp_seconds', help: 'Time of the last successful App+User call to Partner Center (0: none yet)', registers: [] });
  const breaker = new Gauge({ name: 'nce_partner_center_authentication_breaker_open', help: '1 while App+User calls wait for the partner to reconnect Partner Center', registers: [] });
  // Registered first: its collect reads the store once per scrape and sets the two others.
  new Gauge({
    name: 'nce_partner_center_refresh_token_age_seconds',
    help: 'Age of the stored App+User refresh token (-1: none stored)',
    registers: [registry],
    async collect() {
      try {
        const state = await read();
        const health = authenticationHealth(state, now());
        this.set(health.tokenAgeSeconds ?? -1);
        lastCall.set(state.lastUserCallAt === null ? 0 : state.lastUserCallAt.getTime() / 1000);
        breaker.set(health.breaker === 'open' ? 1 : 0);
      } catch {
        // the store is unreachable: keep the last values (MySQL health reports the outage)
      }
    },
  });
  registry.registerMetric(lastCall);
  registry.registerMetric(breaker);
}
