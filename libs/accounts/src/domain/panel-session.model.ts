import { createHash, randomBytes } from 'node:crypto';

/**
 * Panel sign-in (DESIGN.md section 9 additions): a partner asks for a single-use link valid for
 * minutes; opening it starts a cookie session of the customer. Link and session secrets are 32 random
 * bytes, stored only as their SHA-256 (as API keys are).
 */
export function generatePanelSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: hashPanelSecret(secret) };
}

export function hashPanelSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A well-formed secret (base64url of 32 bytes): anything else is refused without a query. */
export function isPanelSecret(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** The page a link opens: a panel route such as `#/orders/…` (no scheme, host or markup). */
export function isPanelReturnPath(value: string): boolean {
  return /^#\/[A-Za-z0-9/_-]{0,200}$/.test(value);
}
