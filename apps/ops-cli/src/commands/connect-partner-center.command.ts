import {
  type AuthenticationHealth,
  SqlRefreshTokenStore,
  authenticationHealth,
  pollDeviceCode,
  startDeviceCode,
} from '@nce/partner-center';
import { SecretBox } from '@nce/persistence';
import type { OpsContext } from '../ops-context';

/** The partner tenant's refresh-token store, as every process opens it (sealed with ENCRYPTION_KEY). */
export function tokenStore(context: OpsContext): SqlRefreshTokenStore {
  const { partnerCenter, security } = context.config;
  return new SqlRefreshTokenStore(
    context.unitOfWork,
    new SecretBox(security.encryptionKey.reveal()),
    partnerCenter.partnerTenantId,
    partnerCenter.refreshToken.reveal(),
  );
}

/**
 * The partner admin's consent (Secure Application Model) by device code: prints the code and the
 * sign-in page, waits until the admin (an Admin agent, with MFA) has signed in, and stores the refresh
 * token (sealed) for every process. Orders waiting for Partner Center authentication continue by
 * themselves. Against Microsoft: AUTHORITY_URL=https://login.microsoftonline.com.
 */
export async function connectPartnerCenter(
  context: OpsContext,
  write: (line: string) => void,
): Promise<{ connected: true; version: number; obtainedAt: string }> {
  const { partnerCenter } = context.config;
  const options = {
    authorityUrl: partnerCenter.authorityUrl,
    partnerTenantId: partnerCenter.partnerTenantId,
    clientId: partnerCenter.clientId,
  };
  const started = await startDeviceCode(options);
  write(started.message || `To sign in, open ${started.verificationUri} and enter the code ${started.userCode}.`);
  write(
    `Sign in as an Admin agent of the partner tenant ${partnerCenter.partnerTenantId}, with MFA. Waiting (the code expires in ${Math.round(started.expiresInSeconds / 60)} minutes)...`,
  );
  const result = await pollDeviceCode(options, started);
  const stored = await tokenStore(context).save(result.refreshToken, 'consent');
  write('Partner Center connected: the refresh token is stored; waiting orders continue by themselves.');
  return { connected: true, version: stored.version, obtainedAt: stored.obtainedAt.toISOString() };
}

/** What the store holds (never the token itself): for the runbook. */
export async function partnerCenterStatus(context: OpsContext): Promise<AuthenticationHealth> {
  return authenticationHealth(await tokenStore(context).read(), Date.now());
}
