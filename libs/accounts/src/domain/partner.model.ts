import { DEFAULT_PRICING, type PricingSettings } from '@nce/catalog';

export interface PartnerSettings {
  /** Customers may order themselves (the order-flow document's caveat applies). */
  customerSelfOrdering: boolean;
  /** Customers may give MCA attestation data themselves; when false only the partner key can. */
  customerMcaAttestation: boolean;
  /** Entra role definition ids every customer must grant through GDAP. */
  gdapRoles: string[];
  /** ISO-8601 duration of requested GDAP relationships (P1D..P2Y). */
  gdapDuration: string;
  /** Customer prices: a markup per segment on Microsoft's price, or the partner's own price list. */
  pricing: PricingSettings;
  /** Security groups (object ids in the partner tenant) given the roles once a relationship is active. */
  gdapSecurityGroups: string[];
}

export interface Partner {
  id: string;
  name: string;
  channel: 'direct' | 'indirect';
  mpnId: string | null;
  resellerTenantId: string | null;
  settings: PartnerSettings;
  createdAt: Date;
  updatedAt: Date;
}

export const DEFAULT_GDAP_ROLES = {
  directoryReaders: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  licenseAdministrator: '4d6ac14f-3453-41d0-bef9-a3e0c569773a',
  serviceSupportAdministrator: 'f023fd81-a637-4b56-95fd-791ac0226033',
} as const;

export const DEFAULT_PARTNER_SETTINGS: PartnerSettings = {
  customerSelfOrdering: false,
  customerMcaAttestation: false,
  gdapRoles: Object.values(DEFAULT_GDAP_ROLES),
  gdapDuration: 'P730D',
  pricing: DEFAULT_PRICING,
  gdapSecurityGroups: [],
};

/** P1D..P2Y as Graph accepts it (days, months or years). */
export function isValidGdapDuration(value: string): boolean {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$/.exec(value);
  if (!match || value === 'P') return false;
  const days = Number(match[1] ?? 0) * 365 + Number(match[2] ?? 0) * 30 + Number(match[3] ?? 0);
  return days >= 1 && days <= 730;
}
