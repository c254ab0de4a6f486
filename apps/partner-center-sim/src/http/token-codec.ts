import { createHmac, randomBytes } from 'node:crypto';

export const PARTNER_CENTER_AUDIENCE = 'https://api.partnercenter.microsoft.com';
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
/** Graph's application id, which v2 tokens carry as `aud`. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** The retired app-only audience: a community source says Partner Center answers it with 401 900420. */
export const LEGACY_GRAPH_WINDOWS_AUDIENCE = 'https://graph.windows.net';

export interface TokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  tid: string;
  appid: string;
  appidacr: string;
  /** `app` for client credentials, `user` for the App+User (refresh token) flow. */
  idtyp: 'app' | 'user';
  oid: string;
  upn?: string;
  scp?: string;
  ver: string;
  /** Simulator revocation generation: tokens of an older generation are refused. */
  sim_gen: number;
}

const HEADER = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'HS256', kid: 'partner-center-sim' })).toString('base64url');

export type TokenProblem = 'malformed' | 'signature' | 'expired' | 'not_yet_valid' | 'revoked';

/**
 * JWT-shaped tokens a client can decode (base64url JSON payload). Signed with a per-process key so a
 * restarted simulator refuses old tokens, like a real authority whose keys rolled.
 */
export class TokenCodec {
  private readonly key = randomBytes(32);
  private generation = 0;
  // Verified tokens, so the hot path skips the HMAC; bounded and dropped on revocation.
  private readonly verified = new Map<string, TokenClaims>();

  get currentGeneration(): number {
    return this.generation;
  }

  issue(claims: Omit<TokenClaims, 'sim_gen'>): string {
    const payload = Buffer.from(JSON.stringify({ ...claims, sim_gen: this.generation })).toString('base64url');
    const unsigned = `${HEADER}.${payload}`;
    return `${unsigned}.${this.sign(unsigned)}`;
  }

  revokeAll(): void {
    this.generation += 1;
    this.verified.clear();
  }

  verify(token: string, nowSeconds: number): TokenClaims | TokenProblem {
    let claims = this.verified.get(token);
    if (claims === undefined) {
      const parts = token.split('.');
      if (parts.length !== 3) return 'malformed';
      if (this.sign(`${parts[0]}.${parts[1]}`) !== parts[2]) return 'signature';
      const decoded = decodeClaims(parts[1]);
      if (decoded === undefined) return 'malformed';
      claims = decoded;
      if (this.verified.size >= 10_000) this.verified.clear();
      this.verified.set(token, claims);
    }
    if (claims.sim_gen !== this.generation) return 'revoked';
    if (nowSeconds >= claims.exp) return 'expired';
    if (nowSeconds + 300 < claims.nbf) return 'not_yet_valid';
    return claims;
  }

  private sign(unsigned: string): string {
    return createHmac('sha256', this.key).update(unsigned).digest('base64url');
  }
}

function decodeClaims(payload: string): TokenClaims | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (parsed === null || typeof parsed !== 'object') return undefined;
    const claims = parsed as Partial<TokenClaims>;
    if (typeof claims.aud !== 'string' || typeof claims.exp !== 'number' || typeof claims.sim_gen !== 'number') return undefined;
    return claims as TokenClaims;
  } catch {
    return undefined;
  }
}
