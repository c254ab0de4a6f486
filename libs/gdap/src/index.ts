export { EXPIRY_WINDOW_MS, roleCoverage, type GdapStatus, type RelationshipFacts, type RoleCoverage } from './domain/role-coverage.model';
export type { CustomerGdapRepository, CustomerGdapState, GdapPartnerCenter } from './application/gdap.ports';
export { CheckGdapRoles, type GdapCheckDeps } from './application/check-gdap-roles.use-case';
export { gdapCheckCommand, requestGdapChecks } from './application/request-gdap-check.use-case';
export { RequestGdapChecks } from './application/request-gdap-checks.use-case';
export { SqlCustomerGdapRepository } from './infrastructure/sql-customer-gdap.repository';
export { createGdapContext, type GdapContext } from './infrastructure/gdap.composition';
