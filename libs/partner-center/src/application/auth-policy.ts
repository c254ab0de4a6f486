import type { AuthFlow } from './transport.port';

/**
 * Which token each route uses. Rule: App+User only where partner-center-api.md §1.2 marks the route
 * App+User only (agreements legacy API, qualification create, validation status, relationship link,
 * indirect-reseller customer create) and for Graph GDAP writes (app-only is not documented as
 * supported); app-only for the enhanced MCA attestation flow (app-only only) and everywhere both
 * work, because app-only calls depend neither on the partner admin's consented refresh token
 * (revoked by a password reset or 90 days unused) nor on the App+User MFA enforcement.
 */
export const APP_ONLY: AuthFlow = 'app';
export const APP_USER: AuthFlow = 'user';
