import { Registry } from 'prom-client';
import { InMemoryRefreshTokenStore } from '../application/refresh-token-store.port';
import { registerAuthenticationMetrics } from './authentication-metrics';

describe('registerAuthenticationMetrics', () => {
  it('exposes the token age, the last App+User call and the breaker from one read per scrape', async () => {
    let clock = Date.parse('2026-12-03T10:00:00Z');
    const store = new InMemoryRefreshTokenStore('r', () => clock);
    const registry = new Registry();
    let reads = 0;
    registerAuthenticationMetrics(
      registry,
      () => {
        reads += 1;
        return store.read();
      },
      () => clock,
    );
    clock += 3_600_000;
    await store.recordUserCall(new Date(clock));
    await store.recordFailure({ code: 'invalid_grant', description: 'revoked', version: 1 });
    const text = await registry.metrics();
    expect(text).toContain('nce_partner_center_refresh_token_age_seconds 3600');
    expect(text).toContain(`nce_partner_center_last_app_user_call_timestamp_seconds ${clock / 1000}`);
    expect(text).toContain('nce_partner_center_authentication_breaker_open 1');
    expect(reads).toBe(1);
  });
});
