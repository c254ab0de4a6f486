import { createHash, randomBytes } from 'node:crypto';
import type { Principal, Role } from '@nce/contracts';

/**
 * Keys are 32 random bytes; only their SHA-256 is stored. A fast hash is enough for high-entropy
 * secrets (no dictionary to attack) and keeps authentication off the hot path's CPU budget.
 */
export function generateApiKey(role: Role): { apiKey: string; hash: string; prefix: string } {
  const apiKey = `nce_${role.slice(0, 4)}_${randomBytes(32).toString('base64url')}`;
  return { apiKey, hash: hashApiKey(apiKey), prefix: apiKeyPrefix(apiKey) };
}

export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

/** What may be shown of a key after its creation (lists, logs, the start banner): role tag and 7 characters. */
export function apiKeyPrefix(apiKey: string): string {
  return apiKey.slice(0, 16);
}

/** Scopes a key may carry. `dashboard:write` lets an operator key act in the queue dashboard (else read-only). */
export const API_KEY_SCOPES = ['dashboard:write'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export interface ApiKeyRecord {
  id: string;
  prefix: string;
  role: Role;
  partnerId: string | null;
  customerId: string | null;
  label: string | null;
  scopes: string[];
  createdAt: Date;
  createdBy: string;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** A key authenticates until it is revoked or its expiry (optional, or the end of a rotation's grace) passes. */
export function isKeyActive(key: Pick<ApiKeyRecord, 'revokedAt' | 'expiresAt'>, now: Date): boolean {
  return key.revokedAt === null && (key.expiresAt === null || key.expiresAt.getTime() > now.getTime());
}

/**
 * Who may see and manage a key (DESIGN.md §9 additions): a partner its own keys and its customers'
 * keys; an operator every key (list and revoke only: rotating hands out the new key, and operators
 * never act as customers or partners); customers none.
 */
export function canManageKey(
  principal: Principal,
  key: Pick<ApiKeyRecord, 'partnerId' | 'role'>,
  action: 'list' | 'revoke' | 'rotate',
): boolean {
  if (principal.role === 'operator') return action !== 'rotate' || key.role === 'operator';
  if (principal.role === 'partner') return key.role !== 'operator' && key.partnerId !== null && key.partnerId === principal.partnerId;
  return false;
}
