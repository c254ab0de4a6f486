import { pollDeviceCode, startDeviceCode } from '@nce/partner-center';
import { runToCompletion } from './processes';

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

/**
 * Runs `npm run ops -- connect-partner-center` (the real command, a real process) and plays the
 * partner admin in the simulator: approves the device code it prints once it appears. `mfa` as in
 * `POST /_sim/devicecodes/{userCode}/approve` (default: the simulator's MFA switch).
 */
export async function connectPartnerCenterThroughSimulator(env: Record<string, string>, simUrl: string, mfa?: boolean): Promise<string> {
  const known = new Set((await pendingDeviceCodes(simUrl)).map((item) => item.userCode));
  const command = runToCompletion('ops-cli', ['connect-partner-center'], env);
  let failed: unknown;
  command.catch((error: unknown) => (failed = error));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (failed !== undefined) throw failed;
    const fresh = (await pendingDeviceCodes(simUrl)).find((item) => !known.has(item.userCode));
    if (fresh !== undefined) {
      await approveDeviceCode(simUrl, fresh.userCode, mfa);
      break;
    }
    if (Date.now() > deadline) throw new Error('connect-partner-center did not start a device-code sign-in within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return command;
}

async function pendingDeviceCodes(simUrl: string): Promise<{ userCode: string }[]> {
  const response = await fetch(`${simUrl}/_sim/devicecodes`);
  if (!response.ok) throw new Error(`GET /_sim/devicecodes answered ${response.status}`);
  return ((await response.json()) as { items: { userCode: string }[] }).items;
}
