import type { OrderStep } from './order-state-machine';

/** A person as the mca step needs it (same shape as the order's Signatory). */
interface ProgressSignatory {
  firstName: string;
  lastName: string;
  email: string;
  phoneNumber: string;
}

/** What the account step keeps between runs (libs/accounts). */
export interface AccountProgress {
  customerTenantId?: string;
  /** This order created the tenant (its GDAP check follows when the step is done). */
  tenantCreated?: boolean;
  /** The MS-RequestId of the create, committed before sending so a retry replays it. */
  createCustomerRequestId?: string;
  relationshipChecks?: number;
  validationChecks?: number;
  /** 404s of a just-created tenant not yet readable. */
  unreadableChecks?: number;
}

export interface QualificationProgress {
  vettingChecks?: number;
  qualifications?: Array<{ qualification: string; vettingStatus?: string }>;
}

/** What the mca step keeps; `mcaSignatory` and `attestedBy` come from POST /mca-attestation. */
export interface McaProgress {
  mca?: 'valid' | 'accepted';
  mcaSignatory?: ProgressSignatory;
  attestedBy?: string;
  attestationId?: string;
  acceptanceUrl?: string;
  acceptanceChecks?: number;
  attestationChecks?: number;
}

export interface SubscriptionProgress {
  partnerCenterOrderIds?: string[];
  reviewChecks?: number;
  checkoutBusyChecks?: number;
  provisioningPolls?: number;
}

/** Each step's own slice of `Order.progress`. */
export interface StepProgress {
  account: AccountProgress;
  qualification: QualificationProgress;
  mca: McaProgress;
  subscription: SubscriptionProgress;
}

/** `<step>Done: true`, set by completeStep. */
export type StepDoneFlags = { [S in OrderStep as `${S}Done`]?: boolean };

/**
 * `Order.progress`: the slices of all steps in ONE flat JSON object (the persisted shape since the
 * first release: no migration). Later steps read earlier slices (the tenant id of the account step).
 */
export type OrderProgress = AccountProgress & QualificationProgress & McaProgress & SubscriptionProgress & StepDoneFlags;

const NUMBER_KEYS = [
  'relationshipChecks',
  'validationChecks',
  'unreadableChecks',
  'vettingChecks',
  'acceptanceChecks',
  'attestationChecks',
  'reviewChecks',
  'checkoutBusyChecks',
  'provisioningPolls',
] as const;
const STRING_KEYS = ['customerTenantId', 'createCustomerRequestId', 'attestationId', 'acceptanceUrl', 'attestedBy'] as const;

/**
 * Reads stored progress leniently: a counter stored as text still counts, a malformed value is
 * dropped (the step then starts that part again), unknown keys are kept as they are.
 */
export function readOrderProgress(raw: unknown): OrderProgress {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const progress: Record<string, unknown> = { ...raw };
  for (const key of NUMBER_KEYS) {
    if (progress[key] === undefined) continue;
    const value = Number(progress[key]);
    if (Number.isFinite(value)) progress[key] = value;
    else delete progress[key];
  }
  for (const key of STRING_KEYS) if (progress[key] !== undefined && typeof progress[key] !== 'string') delete progress[key];
  if (
    progress.partnerCenterOrderIds !== undefined &&
    !(Array.isArray(progress.partnerCenterOrderIds) && progress.partnerCenterOrderIds.every((id) => typeof id === 'string'))
  ) {
    delete progress.partnerCenterOrderIds;
  }
  return progress as OrderProgress;
}

/**
 * Once-only keys: what a step records to make a Partner Center create happen once (the MS-RequestId of
 * the customer create, committed before sending; the enhanced attestation created for the customer).
 */
const ONCE_ONLY_KEYS = ['createCustomerRequestId', 'attestationId'] as const;

/**
 * True when `patch` would replace a once-only key that a concurrent run of the same job recorded after
 * this run read `seen`: that run owns the create, this one must end without calling Partner Center.
 * Replacing the value this run read itself (an expired attestation) stays allowed.
 */
export function replacesConcurrentRecord(seen: OrderProgress, stored: OrderProgress, patch: OrderProgress): boolean {
  return ONCE_ONLY_KEYS.some((key) => patch[key] !== undefined && stored[key] !== seen[key] && stored[key] !== patch[key]);
}

/** True when a concurrent run recorded a once-only key after this run read `seen`: this run's outcome is out of date. */
export function missedConcurrentRecord(seen: OrderProgress, stored: OrderProgress): boolean {
  return ONCE_ONLY_KEYS.some((key) => stored[key] !== seen[key]);
}

/** The tenant the steps after the account step work on. */
export function tenantOf(order: { progress: OrderProgress; account: { customerTenantId?: string } }): string {
  return order.progress.customerTenantId ?? order.account.customerTenantId ?? '';
}
