import type { ApiKeyRecord } from '@nce/accounts';
import { z } from 'zod';

/** A key as lists show it: never the key itself, only its prefix. */
export function presentApiKey(key: ApiKeyRecord): Record<string, unknown> {
  return {
    id: key.id,
    prefix: key.prefix,
    role: key.role,
    ...(key.partnerId ? { partnerId: key.partnerId } : {}),
    ...(key.customerId ? { customerId: key.customerId } : {}),
    label: key.label,
    scopes: key.scopes,
    createdAt: key.createdAt.toISOString(),
    createdBy: key.createdBy,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    ...(key.expiresAt ? { expiresAt: key.expiresAt.toISOString() } : {}),
    ...(key.revokedAt ? { revokedAt: key.revokedAt.toISOString() } : {}),
  };
}

/** Optional expiry of a new key: an ISO 8601 instant in the future. */
export const expiresAtField = z.iso
  .datetime({ offset: true })
  .refine((value) => Date.parse(value) > Date.now(), 'Expected a time in the future')
  .optional();
