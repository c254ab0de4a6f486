// Partner Center binds request properties case-insensitively (the SDK sends PascalCase, the docs mix
// both) and reads enums as snake_case or PascalCase; the simulator does the same and emits camelCase.

const KNOWN_KEYS = [
  'companyProfile',
  'domain',
  'organizationRegistrationNumber',
  'companyName',
  'billingProfile',
  'email',
  'culture',
  'language',
  'defaultAddress',
  'firstName',
  'lastName',
  'addressLine1',
  'addressLine2',
  'addressLine3',
  'city',
  'state',
  'postalCode',
  'country',
  'region',
  'district',
  'phoneNumber',
  'associatedPartnerId',
  'enableGDAPByDefault',
  'userCredentials',
  'userName',
  'password',
  'primaryContact',
  'templateId',
  'dateAgreed',
  'type',
  'attestationId',
  'agreementLink',
  'userId',
  'signatoryFirstName',
  'signatoryLastName',
  'signatoryEmail',
  'signatoryPhoneNumber',
  'customerId',
  'customerTenantId',
  'qualification',
  'educationSegment',
  'website',
  'validationCode',
  'vettingStatus',
  'lineItems',
  'id',
  'catalogItemId',
  'friendlyName',
  'quantity',
  'currencyCode',
  'billingCycle',
  'termDuration',
  'promotionId',
  'participants',
  'key',
  'value',
  'provisioningContext',
  'orderGroup',
  'purchaseSystem',
  'addonItems',
  'renewsTo',
  'customTermEndDate',
  'attestationAccepted',
  'partnerOnRecordAttestationAccepted',
  'status',
  'autoRenewEnabled',
  'displayName',
  'duration',
  'customer',
  'tenantId',
  'accessDetails',
  'unifiedRoles',
  'roleDefinitionId',
  'autoExtendDuration',
  'action',
  'accessContainer',
  'accessContainerId',
  'accessContainerType',
];

const CANONICAL = new Map(KNOWN_KEYS.map((key) => [key.toLowerCase(), key]));

/** Keys whose values are free-form maps: their inner keys are data, not property names. */
const OPAQUE_VALUES = new Set(['provisioningContext']);

export function canonicalKey(key: string): string {
  return CANONICAL.get(key.toLowerCase()) ?? (key.length > 0 ? key[0].toLowerCase() + key.slice(1) : key);
}

export function normaliseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normaliseKeys);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const canonical = canonicalKey(key);
    result[canonical] = OPAQUE_VALUES.has(canonical) ? inner : normaliseKeys(inner);
  }
  return result;
}

function enumToken(value: string): string {
  return value.replace(/[_\s-]/g, '').toLowerCase();
}

/** Matches `transaction_reseller`, `TransactionReseller`, `transactionReseller`... to the canonical member. */
export function normaliseEnum<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  if (typeof value !== 'string') return undefined;
  const token = enumToken(value);
  return allowed.find((member) => enumToken(member) === token);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

export function optionalString(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function optionalBoolean(record: Record<string, unknown>, key: string): boolean | undefined {
  const value = record[key];
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  return undefined;
}

export function optionalNumber(record: Record<string, unknown>, key: string): number | undefined {
  const value = record[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}
