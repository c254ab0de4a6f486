import { z } from 'zod';
import type { ChangeRequest } from '../domain/subscription-change.model';

const SCHEMAS = {
  quantity: z.strictObject({ quantity: z.number().int('Expected a whole number of licences').positive('Expected at least 1 licence') }),
  autoRenew: z.strictObject({ autoRenew: z.boolean('Expected true or false') }),
  cancel: z.strictObject({ cancel: z.literal(true, 'Send { "cancel": true } to cancel') }),
} as const;

type FieldError = { field: string; message: string };

/** Body of POST /v1/subscriptions/{id}/changes: exactly one of quantity, autoRenew, cancel (strict). */
export function parseChangeRequest(raw: unknown): { request: ChangeRequest } | { errors: FieldError[] } {
  const keys = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? Object.keys(raw) : [];
  const named = keys.filter((key): key is keyof typeof SCHEMAS => key in SCHEMAS);
  if (named.length !== 1)
    return {
      errors: [{ field: '(body)', message: 'Send exactly one of { "quantity": n }, { "autoRenew": true|false } or { "cancel": true }' }],
    };
  const parsed = SCHEMAS[named[0]].safeParse(raw);
  if (parsed.success) return { request: parsed.data as ChangeRequest };
  return {
    errors: parsed.error.issues.map((issue) =>
      issue.code === 'unrecognized_keys'
        ? { field: issue.keys.join(', '), message: `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}` }
        : { field: String(issue.path[0] ?? named[0]), message: issue.message },
    ),
  };
}
