import { credentialRowForTemplate, credentialToSend } from '../domain/credential-table';
import type { HttpMethod } from './route';
import type { AuthFlow, Target } from './transport.port';

/**
 * Which token a call is sent with, from the one credential table (domain/credential-table.ts, from
 * partner-center-api.md §1.2): App+User only where Microsoft demands it, app-only everywhere else
 * (including the AppOnly-only enhanced attestation). A call without a row is a programming error.
 */
export function authFor(target: Target, method: HttpMethod, template: string, body?: unknown): AuthFlow {
  const row = credentialRowForTemplate(method, template, body);
  if (row === undefined || row.target !== target) throw new Error(`No credential table row for ${target} ${method} ${template}`);
  return credentialToSend(row) === 'app+user' ? 'user' : 'app';
}
