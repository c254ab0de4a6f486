export { ROLES, canSee, type Principal, type Role } from '@nce/contracts';
export {
  DEFAULT_GDAP_ROLES,
  DEFAULT_PARTNER_SETTINGS,
  isValidGdapDuration,
  type Partner,
  type PartnerSettings,
} from './domain/partner.model';
export type { Customer, CustomerTenant } from './domain/customer.model';
export {
  API_KEY_SCOPES,
  apiKeyPrefix,
  canManageKey,
  generateApiKey,
  hashApiKey,
  isKeyActive,
  type ApiKeyRecord,
  type ApiKeyScope,
} from './domain/api-key.model';
export {
  AccountsDomainError,
  ApiKeyForbiddenError,
  ApiKeyNotFoundError,
  ApiKeyRevokedError,
  CustomerNotFoundError,
  PartnerNotFoundError,
} from './domain/accounts.errors';
export type {
  ApiKeyRepository,
  AuditTrail,
  CustomerRepository,
  NewApiKey,
  PartnerRepository,
  StoredApiKey,
} from './application/accounts.ports';
export { AuthenticateApiKey } from './application/authenticate-api-key.use-case';
export { CreateCustomer } from './application/manage-customers.use-cases';
export { AccountQueries } from './application/account-queries';
export { RevealAdminCredentials } from './application/reveal-admin-credentials.use-case';
export { CreatePartner, UpdatePartnerSettings, type SettingsChange } from './application/manage-partners.use-cases';
export {
  CreateCustomerApiKey,
  IssueApiKey,
  ManageApiKeys,
  type IssuedApiKey,
  type KeyIssuer,
} from './application/manage-api-keys.use-cases';
export { SqlPartnerRepository } from './infrastructure/sql-partner.repository';
export { SqlCustomerRepository } from './infrastructure/sql-customer.repository';
export { SqlApiKeyRepository } from './infrastructure/sql-api-key.repository';
export { RunAccountStep, type AccountStepSettings } from './application/run-account-step.use-case';
export { RunQualificationStep } from './application/run-qualification-step.use-case';
export { type AccountsPartnerCenter, type AdminCredentialStore } from './application/step-ports';
export { SqlAdminCredentialStore } from './infrastructure/sql-admin-credential.store';
export { LookupAccount, type AccountLookup, type LookupPartnerCenter } from './application/lookup-account.use-case';
export {
  PANEL_LINK_PATH,
  PanelSessions,
  type PanelSessionRow,
  type PanelSessionSettings,
  type PanelSessionStore,
} from './application/panel-sessions.use-cases';
export { SqlPanelSessionStore } from './infrastructure/sql-panel-session.store';
export { createAccountsContext, type AccountsContext } from './infrastructure/accounts.composition';
