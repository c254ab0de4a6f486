/** Entra role template ids (permissions-reference) used by the simulator. */
export const ENTRA_ROLES = {
  directoryReaders: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  directoryWriters: '9360feb5-f418-4baa-8175-e2a00bac4301',
  userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  licenseAdministrator: '4d6ac14f-3453-41d0-bef9-a3e0c569773a',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  helpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  serviceSupportAdministrator: 'f023fd81-a637-4b56-95fd-791ac0226033',
  privilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  privilegedAuthenticationAdministrator: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  applicationAdministrator: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  cloudApplicationAdministrator: '158c047a-c907-4556-b7ef-446551a6b5f7',
} as const;

/** Roles of Microsoft's default GDAP relationship for direct-bill partners and indirect providers. */
export const DEFAULT_GDAP_ROLE_IDS: readonly string[] = [
  ENTRA_ROLES.directoryReaders,
  ENTRA_ROLES.directoryWriters,
  ENTRA_ROLES.licenseAdministrator,
  ENTRA_ROLES.serviceSupportAdministrator,
  ENTRA_ROLES.userAdministrator,
  ENTRA_ROLES.privilegedRoleAdministrator,
  ENTRA_ROLES.helpdeskAdministrator,
  ENTRA_ROLES.privilegedAuthenticationAdministrator,
  ENTRA_ROLES.cloudApplicationAdministrator,
  ENTRA_ROLES.applicationAdministrator,
  ENTRA_ROLES.globalReader,
];
