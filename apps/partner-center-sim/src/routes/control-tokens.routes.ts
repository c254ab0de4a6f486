import { asRecord, optionalString } from '../http/casing';
import type { RouteRegistrar } from '../sim-context';
import type { DeviceCodeEntry } from '../state/token.store';
import { param, query } from './customer-access';
import { controlError } from './control-input';

function deviceCodeView(entry: DeviceCodeEntry, now: number): Record<string, unknown> {
  return {
    userCode: entry.userCode,
    clientId: entry.clientId,
    tenantId: entry.tenantId,
    scope: entry.scope,
    status: now >= entry.expiresAt && entry.status === 'pending' ? 'expired' : entry.status,
    createdAt: new Date(entry.createdAt).toISOString(),
    expiresAt: new Date(entry.expiresAt).toISOString(),
    ...(entry.mfa === undefined ? {} : { mfa: entry.mfa }),
  };
}

/**
 * Token and consent controls (DESIGN section 9 contract additions): revoke, age, the MFA switch for
 * the next consents, pending device-code sign-ins and their approval, and tenant lookup by domain.
 */
export const registerControlTokenRoutes: RouteRegistrar = (app, context) => {
  const tokens = context.state.tokens;

  /**
   * Revokes every refresh token issued so far and every access token (a partner admin's password
   * reset or "revoke sessions"); `{ refreshToken }` revokes that one refresh token only;
   * `{ refreshTokens: false }` only the access tokens (clients must fetch new ones).
   */
  app.post('/_sim/tokens/revoke', (request, reply) => {
    const body = asRecord(request.body);
    const refreshToken = optionalString(body, 'refreshToken');
    if (refreshToken !== undefined) {
      const facts = context.tokens.readRefreshToken(refreshToken);
      if (facts === undefined) throw controlError(400, 'refreshToken is not a refresh token this simulator issued');
      tokens.revokedRefreshSeqs.add(facts.seq);
      return reply.send({ revokedRefreshTokens: 1, revokedAccessTokens: false });
    }
    if (body.refreshTokens === false) {
      tokens.accessGeneration += 1;
      return reply.send({ revokedRefreshTokens: 0, revokedAccessTokens: true });
    }
    const revoked = tokens.nextRefreshSeq - Math.max(1, tokens.refreshRevokedBelow);
    tokens.revokeAll();
    return reply.send({ revokedRefreshTokens: Math.max(0, revoked), revokedAccessTokens: true });
  });

  /** Makes every token issued so far `days` older (a refresh token older than 90 days gives invalid_grant). */
  app.post('/_sim/tokens/age', (request, reply) => {
    const days = asRecord(request.body).days;
    if (typeof days !== 'number' || !Number.isFinite(days) || days <= 0 || days > 3650)
      throw controlError(400, 'days must be a number between 0 and 3650');
    tokens.age(days);
    return reply.send({ agedDays: days, refreshTokenLifetimeDays: context.settings.refreshTokenLifetimeDays });
  });

  /** Whether the next consents (device-code approvals) are given with MFA; tokens already issued keep theirs. */
  app.put('/_sim/tokens/mfa', (request, reply) => {
    const enabled = asRecord(request.body).enabled;
    if (typeof enabled !== 'boolean') throw controlError(400, 'enabled (boolean) is required');
    tokens.mfaEnabled = enabled;
    return reply.send({ enabled });
  });
  app.get('/_sim/tokens/mfa', (_request, reply) => reply.send({ enabled: tokens.mfaEnabled }));

  app.get('/_sim/devicecodes', (request, reply) => {
    const now = context.now();
    const status = query(request, 'status') ?? 'pending';
    const entries = [...tokens.deviceCodes.values()]
      .map((entry) => deviceCodeView(entry, now))
      .filter((view) => status === 'all' || view.status === status);
    return reply.send({ items: entries });
  });

  const decide = (userCode: string, decision: 'approved' | 'declined', mfa: unknown): DeviceCodeEntry => {
    const entry = [...tokens.deviceCodes.values()].find((candidate) => candidate.userCode.toUpperCase() === userCode.toUpperCase());
    if (entry === undefined) throw controlError(404, `device code ${userCode} not found`);
    if (entry.status !== 'pending') throw controlError(409, `device code ${userCode} is already ${entry.status}`);
    if (context.now() >= entry.expiresAt) throw controlError(409, `device code ${userCode} has expired`);
    if (mfa !== undefined && typeof mfa !== 'boolean') throw controlError(400, 'mfa must be a boolean');
    entry.status = decision;
    if (decision === 'approved') entry.mfa = typeof mfa === 'boolean' ? mfa : tokens.mfaEnabled;
    return entry;
  };

  /** The partner admin signs in and consents (with MFA unless `PUT /_sim/tokens/mfa` switched it off, or `{ mfa }` says otherwise). */
  app.post('/_sim/devicecodes/:userCode/approve', (request, reply) => {
    const entry = decide(param(request, 'userCode'), 'approved', asRecord(request.body).mfa);
    return reply.send(deviceCodeView(entry, context.now()));
  });
  app.post('/_sim/devicecodes/:userCode/decline', (request, reply) => {
    const entry = decide(param(request, 'userCode'), 'declined', undefined);
    return reply.send(deviceCodeView(entry, context.now()));
  });

  /** `GET /_sim/tenants?domain=contoso.onmicrosoft.com`: the tenant id of a domain (404 when unknown). */
  app.get('/_sim/tenants', (request, reply) => {
    const domain = query(request, 'domain');
    if (domain === undefined || domain.trim() === '') throw controlError(400, 'domain is required');
    const tenant = context.state.tenants.byDomain(domain.trim());
    if (tenant === undefined) throw controlError(404, `no tenant with domain ${domain}`);
    return reply.send({ tenantId: tenant.id, domain: tenant.domain, companyName: tenant.billingProfile.companyName });
  });
};
