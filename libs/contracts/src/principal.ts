export const ROLES = ['partner', 'customer', 'operator'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller: its role and the partner / customer its key is bound to. */
export interface Principal {
  apiKeyId: string;
  role: Role;
  partnerId: string | null;
  customerId: string | null;
  /** Extra permissions of the key (e.g. `dashboard:write` on an operator key); none by default. */
  scopes?: readonly string[];
}

/** Can this principal see resources of (partnerId, customerId)? Invisible resources are 404, not 403. */
export function canSee(principal: Principal, owner: { partnerId: string; customerId: string }): boolean {
  switch (principal.role) {
    case 'operator':
      return true;
    case 'partner':
      return principal.partnerId === owner.partnerId;
    case 'customer':
      return principal.customerId === owner.customerId;
  }
}
