import { authenticationHealth } from './authentication-health';

const NOW = Date.parse('2026-12-03T10:00:00Z');
const DAY = 86_400_000;
const token = (ageDays: number, version = 3) => ({
  refreshToken: 'r',
  obtainedAt: new Date(NOW - ageDays * DAY),
  source: 'exchange' as const,
  version,
});

describe('authenticationHealth', () => {
  it('is ok with a fresh token and no failure', () => {
    expect(authenticationHealth({ token: token(1), failure: null, lastUserCallAt: null }, NOW)).toMatchObject({
      status: 'ok',
      breaker: 'closed',
      reasons: [],
      tokenAgeSeconds: 86_400,
    });
  });

  it('is degraded with the breaker open when no token is stored', () => {
    expect(authenticationHealth({ token: null, failure: null, lastUserCallAt: null }, NOW)).toMatchObject({
      status: 'degraded',
      breaker: 'open',
      tokenAgeSeconds: null,
    });
  });

  it('is degraded when the token is older than 60 days', () => {
    const health = authenticationHealth({ token: token(61), failure: null, lastUserCallAt: null }, NOW);
    expect(health).toMatchObject({ status: 'degraded', breaker: 'closed' });
    expect(health.reasons[0]).toContain('61 days old');
  });

  it('opens the breaker for a failure of the current token version only', () => {
    const failure = { code: 'invalid_grant', description: 'revoked', at: new Date(NOW), version: 3 };
    expect(authenticationHealth({ token: token(1, 3), failure, lastUserCallAt: null }, NOW)).toMatchObject({
      status: 'degraded',
      breaker: 'open',
    });
    expect(authenticationHealth({ token: token(0, 4), failure, lastUserCallAt: null }, NOW)).toMatchObject({
      status: 'ok',
      breaker: 'closed',
    });
  });

  it('reports a refused credential type without blocking App+User calls', () => {
    const failure = { code: '900329', description: 'GET /v1/x', at: new Date(NOW), version: null };
    expect(authenticationHealth({ token: token(1), failure, lastUserCallAt: null }, NOW)).toMatchObject({
      status: 'degraded',
      breaker: 'closed',
    });
  });
});
