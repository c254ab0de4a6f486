import { type Dispatcher, request } from 'undici';
import { trimSlash } from './token-provider';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** Delegated Partner Center permission plus offline_access (a refresh token comes back only with it). */
export const PARTNER_CENTER_CONSENT_SCOPE = 'https://api.partnercenter.microsoft.com/user_impersonation offline_access';

export interface DeviceCodeOptions {
  authorityUrl: string;
  partnerTenantId: string;
  clientId: string;
  scope?: string;
  dispatcher?: Dispatcher;
}

export interface DeviceCodeStart {
  userCode: string;
  deviceCode: string;
  verificationUri: string;
  expiresInSeconds: number;
  intervalSeconds: number;
  message: string;
}

export interface DeviceCodeResult {
  refreshToken: string;
  /** Granted scope as the authority reports it. */
  scope?: string;
}

export class DeviceCodeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DeviceCodeError';
  }
}

async function postForm(
  options: DeviceCodeOptions,
  path: string,
  form: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = `${trimSlash(options.authorityUrl)}/${encodeURIComponent(options.partnerTenantId)}/oauth2/v2.0/${path}`;
  const response = await request(url, {
    method: 'POST',
    dispatcher: options.dispatcher,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  });
  const text = await response.body.text();
  let body: Record<string, unknown> = {};
  try {
    body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    body = { error: 'invalid_response', error_description: text.slice(0, 200) };
  }
  return { status: response.statusCode, body };
}

/** Device authorization request (RFC 8628 §3.1, Entra ID `/oauth2/v2.0/devicecode`). */
export async function startDeviceCode(options: DeviceCodeOptions): Promise<DeviceCodeStart> {
  const { status, body } = await postForm(options, 'devicecode', {
    client_id: options.clientId,
    scope: options.scope ?? PARTNER_CENTER_CONSENT_SCOPE,
  });
  if (status !== 200 || typeof body.device_code !== 'string' || typeof body.user_code !== 'string') {
    throw new DeviceCodeError(
      String(body.error ?? `http_${status}`),
      `Device code request refused: ${String(body.error_description ?? body.error ?? status)}`,
    );
  }
  return {
    userCode: body.user_code,
    deviceCode: body.device_code,
    verificationUri: String(body.verification_uri ?? body.verification_url ?? ''),
    expiresInSeconds: Number(body.expires_in ?? 900),
    intervalSeconds: Math.max(1, Number(body.interval ?? 5)),
    message: String(body.message ?? ''),
  };
}

/**
 * Polls the token endpoint (RFC 8628 §3.4/3.5) until the admin signed in: `authorization_pending`
 * waits the interval, `slow_down` adds 5 seconds, `expired_token` / `authorization_declined` /
 * anything else ends with a DeviceCodeError.
 */
export async function pollDeviceCode(
  options: DeviceCodeOptions,
  started: DeviceCodeStart,
  control: { sleep?: (ms: number) => Promise<void>; now?: () => number; intervalMs?: number } = {},
): Promise<DeviceCodeResult> {
  const sleep = control.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = control.now ?? Date.now;
  const deadline = now() + started.expiresInSeconds * 1000;
  let intervalMs = control.intervalMs ?? started.intervalSeconds * 1000;
  for (;;) {
    const { status, body } = await postForm(options, 'token', {
      grant_type: DEVICE_CODE_GRANT,
      client_id: options.clientId,
      device_code: started.deviceCode,
    });
    if (status === 200 && typeof body.refresh_token === 'string')
      return { refreshToken: body.refresh_token, scope: typeof body.scope === 'string' ? body.scope : undefined };
    if (status === 200)
      throw new DeviceCodeError(
        'no_refresh_token',
        'The sign-in succeeded but no refresh token came back: the scope must include offline_access.',
      );
    const error = String(body.error ?? `http_${status}`);
    if (error === 'slow_down') intervalMs += 5_000;
    else if (error !== 'authorization_pending')
      throw new DeviceCodeError(error, `Sign-in failed: ${String(body.error_description ?? error).split('\r\n')[0]}`);
    if (now() + intervalMs > deadline)
      throw new DeviceCodeError('expired_token', 'The device code expired before the sign-in was completed.');
    await sleep(intervalMs);
  }
}
