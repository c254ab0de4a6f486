import type { SimulatorConfig } from '@nce/config';
import type { FastifyInstance } from 'fastify';
import { buildSimulator, simulatorContext, simulatorUrl } from '../server';
import type { SimContext } from '../sim-context';

export const TEST_PARTNER_TENANT_ID = '7d3c4b1e-5a0f-4f39-9d8e-2f1b6c0a9e11';

/** The simulator defaults (libs/config simulator.config.ts) with a quiet, ephemeral-port server. */
export function testConfig(overrides: Partial<SimulatorConfig> = {}): SimulatorConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    partnerTenantId: TEST_PARTNER_TENANT_ID,
    provisioningDelayMs: 0,
    gdapActivationDelayMs: 0,
    latencyMs: 0,
    logRequests: false,
    tokenLifetimeSeconds: 3600,
    tokenSigningKey: 'sim-test-signing-key',
    refreshTokenLifetimeDays: 90,
    checkoutProcessingMs: 0,
    checkoutGates: ['relationship', 'account', 'mca', 'partner_of_record', 'sku_attestation', 'quantity', 'education'],
    publicUrl: '',
    ledgerLimit: 10_000,
    newCustomerAccountStatus: 'Allowed',
    gdapApprovalExpiryDays: 90,
    attestationExpiryDays: 30,
    profile: 'instant',
    latencyScale: 1,
    throttlePartnerPerMinute: 0,
    throttleCustomerPerMinute: 0,
    ...overrides,
  };
}

export interface SimResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export type TokenKind = 'app' | 'user';
export type Api = 'partner-center' | 'graph';

export interface CallOptions {
  body?: unknown;
  /** A token kind, a literal token, or 'none' for no Authorization header. Default: app+user. */
  token?: TokenKind | 'none' | { raw: string };
  headers?: Record<string, string>;
  api?: Api;
}

let domainCounter = 0;

/** A unique `<prefix>.onmicrosoft.com` domain (lowercase letters and digits, at most 27 characters). */
export function uniqueDomain(label = 'sim'): string {
  domainCounter += 1;
  return `${label}${Date.now().toString(36)}${domainCounter.toString(36)}`.slice(0, 27) + '.onmicrosoft.com';
}

export function customerBody(
  domain: string,
  overrides: { country?: string; phone?: string; registrationNumber?: string } = {},
): Record<string, unknown> {
  return {
    CompanyProfile: { Domain: domain, OrganizationRegistrationNumber: overrides.registrationNumber },
    BillingProfile: {
      Email: 'owner@contoso.example',
      Culture: 'en-US',
      Language: 'en',
      CompanyName: 'Contoso Ltd',
      DefaultAddress: {
        FirstName: 'Ada',
        LastName: 'Lovelace',
        AddressLine1: '1 Main Street',
        City: 'Redmond',
        State: 'WA',
        PostalCode: '98052',
        Country: overrides.country ?? 'US',
        PhoneNumber: overrides.phone,
      },
    },
  };
}

/** The simulator in-process on an ephemeral port, with token and request helpers for specs. */
export class SimTestKit {
  private readonly tokens = new Map<string, string>();

  private constructor(
    readonly app: FastifyInstance,
    readonly url: string,
  ) {}

  static async start(overrides: Partial<SimulatorConfig> = {}): Promise<SimTestKit> {
    const app = buildSimulator(testConfig(overrides));
    await app.listen({ host: '127.0.0.1', port: 0 });
    return new SimTestKit(app, simulatorUrl(app));
  }

  get context(): SimContext {
    return simulatorContext(this.app);
  }

  /**
   * A partner admin's consent through the device-code flow (approved with MFA unless `mfa` is false):
   * the refresh token it yields.
   */
  async consent(options: { mfa?: boolean; clientId?: string } = {}): Promise<string> {
    const clientId = options.clientId ?? 'sim-tests';
    const post = async (path: string, form: Record<string, string>): Promise<Record<string, unknown>> => {
      const response = await fetch(`${this.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
      return (await response.json()) as Record<string, unknown>;
    };
    const started = await post(`/${TEST_PARTNER_TENANT_ID}/oauth2/v2.0/devicecode`, {
      client_id: clientId,
      scope: 'https://api.partnercenter.microsoft.com/user_impersonation offline_access',
    });
    const approved = await this.control(
      'POST',
      `/_sim/devicecodes/${String(started.user_code)}/approve`,
      options.mfa === undefined ? {} : { mfa: options.mfa },
    );
    if (approved.status !== 200) throw new Error(`device code approval failed: ${approved.status} ${JSON.stringify(approved.body)}`);
    const tokens = await post(`/${TEST_PARTNER_TENANT_ID}/oauth2/v2.0/token`, {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: clientId,
      device_code: String(started.device_code),
    });
    if (typeof tokens.refresh_token !== 'string') throw new Error(`device code redemption failed: ${JSON.stringify(tokens)}`);
    return tokens.refresh_token;
  }

  private refreshToken: string | undefined;

  async requestToken(kind: TokenKind, api: Api = 'partner-center', version: 'v1' | 'v2' = 'v1'): Promise<SimResponse> {
    const resource = api === 'graph' ? 'https://graph.microsoft.com' : 'https://api.partnercenter.microsoft.com';
    const form = new URLSearchParams({
      grant_type: kind === 'app' ? 'client_credentials' : 'refresh_token',
      client_id: 'sim-tests',
      client_secret: 'secret',
    });
    if (kind === 'user') {
      this.refreshToken ??= await this.consent();
      form.set('refresh_token', this.refreshToken);
    }
    if (version === 'v1') form.set('resource', resource);
    else form.set('scope', kind === 'app' ? `${resource}/.default` : `${resource}/user_impersonation`);
    const response = await fetch(`${this.url}/${TEST_PARTNER_TENANT_ID}/oauth2/${version === 'v1' ? 'token' : 'v2.0/token'}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const body = (await response.json()) as Record<string, unknown>;
    if (kind === 'user' && typeof body.refresh_token === 'string') this.refreshToken = body.refresh_token;
    return { status: response.status, body, headers: response.headers };
  }

  async token(kind: TokenKind, api: Api = 'partner-center'): Promise<string> {
    const key = `${kind}:${api}`;
    const cached = this.tokens.get(key);
    if (cached !== undefined) return cached;
    const response = await this.requestToken(kind, api);
    const token = String(response.body.access_token);
    this.tokens.set(key, token);
    return token;
  }

  /** Forgets cached access tokens (and the refresh token too with `consent: true`). */
  forgetTokens(options: { consent?: boolean } = {}): void {
    this.tokens.clear();
    if (options.consent === true) this.refreshToken = undefined;
  }

  async call<T = Record<string, unknown>>(method: string, path: string, options: CallOptions = {}): Promise<SimResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const tokenOption = options.token ?? 'user';
    const api = options.api ?? (path.startsWith('/v1.0/') ? 'graph' : 'partner-center');
    if (typeof tokenOption === 'object') headers.authorization = `Bearer ${tokenOption.raw}`;
    else if (tokenOption !== 'none') headers.authorization = `Bearer ${await this.token(tokenOption, api)}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: response.status, body: body as T, headers: response.headers };
  }

  control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<SimResponse<T>> {
    return this.call<T>(method, path, { body, token: 'none' });
  }

  async createTenant(spec: Record<string, unknown> = {}): Promise<string> {
    const response = await this.control('POST', '/_sim/tenants', { domain: uniqueDomain('t'), ...spec });
    if (response.status !== 201) throw new Error(`tenant creation failed: ${response.status} ${JSON.stringify(response.body)}`);
    return String(response.body.tenantId);
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}
