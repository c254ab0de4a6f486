import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '@nce/contracts';

/**
 * Keys are 32 random bytes; only their SHA-256 is stored. A fast hash is enough for high-entropy
 * secrets (no dictionary to attack) and keeps authentication off the hot path's CPU budget.
 */
export function generateApiKey(role: Role): { apiKey: string; hash: string; prefix: string } {
  const apiKey = `nce_${role.slice(0, 4)}_${randomBytes(32).toString('base64url')}`;
  return { apiKey, hash: hashApiKey(apiKey), prefix: apiKey.slice(0, 12) };
}

export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}
