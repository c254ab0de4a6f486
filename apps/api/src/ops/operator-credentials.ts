import type { AuthenticateApiKey, Principal } from '@nce/accounts';
import { bearerToken } from '../http/auth.guard';

export const OPERATIONS_REALM = 'nce-operations';

/** The operator key from `Bearer <key>`, or from HTTP Basic (any user name, key as password) so a browser can log in. */
export function operatorKeyFrom(header: string | undefined): string | null {
  const bearer = bearerToken(header);
  if (bearer) return bearer;
  const basic = header ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header) : null;
  if (!basic) return null;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const password = colon >= 0 ? decoded.slice(colon + 1) : '';
  return password.length > 0 ? password : null;
}

/** The operator principal behind the header, or null (unknown key, or a key of another role). */
export async function authenticateOperator(authenticate: AuthenticateApiKey, header: string | undefined): Promise<Principal | null> {
  const key = operatorKeyFrom(header);
  if (!key) return null;
  const principal = await authenticate.execute(key);
  return principal?.role === 'operator' ? principal : null;
}
