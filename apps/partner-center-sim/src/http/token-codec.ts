import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TokenStore } from '../state/token.store';

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
  /** Authentication methods of the sign-in behind an App+User token: contains "mfa" only after an MFA sign-in. */
  amr?: string[];
  ver: string;
  /** Simulator revocation generation: tokens of an older generation are refused. */
  sim_gen: number;
}

const HEADER = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'HS256', kid: 'partner-center-sim' })).toString('base64url');

export type TokenProblem = 'malformed' | 'signature' | 'expired' | 'not_yet_valid' | 'revoked';

/** What a simulated refresh token carries (signed, so it survives a simulator restart). */
export interface RefreshTokenFacts {
  /** Sequence number (revocation and ageing work on ranges of it). */
  seq: number;
  /** Issue time, epoch milliseconds: the 90-day lifetime counts from here. */
  iat: number;
  tid: string;
  /** The client the token was issued to: Entra refuses it for any other client. */
  appid: string;
  /** Was the consent (the interactive sign-in) done with MFA? Carried over by every exchange. */
  mfa: boolean;
  oid: string;
  upn: string;
}

const REFRESH_PREFIX = 'sim-rt';

/**
 * JWT-shaped access tokens a client can decode (base64url JSON payload) and signed refresh tokens.
 * The HMAC key comes from the configuration (fixed development default), so tokens stay valid
 * across a simulator restart; revocation and ageing facts live in the serialisable TokenStore.
 */
export class TokenCodec {
  private readonly key: Buffer;
  // Verified tokens, so the hot path skips the HMAC; bounded.
  private readonly verified = new Map<string, TokenClaims>();

  constructor(
    signingKey: string,
    private readonly store: TokenStore,
  ) {
    this.key = Buffer.from(signingKey, 'utf8');
  }

  issue(claims: Omit<TokenClaims, 'sim_gen'>): string {
    const payload = Buffer.from(JSON.stringify({ ...claims, sim_gen: this.store.accessGeneration })).toString('base64url');
    const unsigned = `${HEADER}.${payload}`;
    return `${unsigned}.${this.sign(unsigned)}`;
  }

  issueRefreshToken(facts: Omit<RefreshTokenFacts, 'seq'>): string {
    const payload = Buffer.from(JSON.stringify({ ...facts, seq: this.store.takeRefreshSeq() })).toString('base64url');
    const unsigned = `${REFRESH_PREFIX}.${payload}`;
    return `${unsigned}.${this.sign(unsigned)}`;
  }

  /** The facts of a refresh token this simulator signed; undefined when it is not one. */
  readRefreshToken(token: string): RefreshTokenFacts | undefined {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== REFRESH_PREFIX || !this.signatureMatches(`${parts[0]}.${parts[1]}`, parts[2])) return undefined;
    try {
      const facts = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Partial<RefreshTokenFacts>;
      if (
        typeof facts.seq !== 'number' ||
        typeof facts.iat !== 'number' ||
        typeof facts.appid !== 'string' ||
        typeof facts.mfa !== 'boolean'
      )
        return undefined;
      return facts as RefreshTokenFacts;
    } catch {
      return undefined;
    }
  }

  verify(token: string, nowSeconds: number): TokenClaims | TokenProblem {
    let claims = this.verified.get(token);
    if (claims === undefined) {
      const parts = token.split('.');
      if (parts.length !== 3) return 'malformed';
      if (!this.signatureMatches(`${parts[0]}.${parts[1]}`, parts[2])) return 'signature';
      const decoded = decodeClaims(parts[1]);
      if (decoded === undefined) return 'malformed';
      claims = decoded;
      if (this.verified.size >= 10_000) this.verified.clear();
      this.verified.set(token, claims);
    }
    if (claims.sim_gen !== this.store.accessGeneration) return 'revoked';
    if (nowSeconds >= claims.exp) return 'expired';
    if (nowSeconds + 300 < claims.nbf) return 'not_yet_valid';
    return claims;
  }

  private sign(unsigned: string): string {
    return createHmac('sha256', this.key).update(unsigned).digest('base64url');
  }

  private signatureMatches(unsigned: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(unsigned));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
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
