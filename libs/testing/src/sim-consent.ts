import { pollDeviceCode, startDeviceCode } from '@nce/partner-center';

export interface SimConsentOptions {
  partnerTenantId: string;
  clientId: string;
  /** Sign in with MFA (default: whatever the simulator's MFA switch says). */
  mfa?: boolean;
}

/**
 * The partner admin's consent, played against the simulator: the device-code flow our
 * connect-partner-center command runs, approved through `POST /_sim/devicecodes/{userCode}/approve`.
 * Returns the refresh token.
 */
export async function consentThroughSimulator(simUrl: string, options: SimConsentOptions): Promise<string> {
  const deviceOptions = { authorityUrl: simUrl, partnerTenantId: options.partnerTenantId, clientId: options.clientId };
  const started = await startDeviceCode(deviceOptions);
  await approveDeviceCode(simUrl, started.userCode, options.mfa);
  return (await pollDeviceCode(deviceOptions, started, { intervalMs: 50 })).refreshToken;
}

/** Approves a pending device-code sign-in in the simulator (the admin signed in). */
export async function approveDeviceCode(simUrl: string, userCode: string, mfa?: boolean): Promise<void> {
  const response = await fetch(`${simUrl}/_sim/devicecodes/${encodeURIComponent(userCode)}/approve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(mfa === undefined ? {} : { mfa }),
  });
  if (!response.ok) throw new Error(`device code approval failed: ${response.status} ${await response.text()}`);
}
