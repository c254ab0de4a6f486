import type { Signatory } from './order.model';
import { isWellFormedTaxId, taxIdRequired } from './tax-id-rules';

export interface FieldError {
  field: string;
  message: string;
}

/** What intake knows about one catalog plan (the catalog context's read model, narrowed). */
export interface PlanFacts {
  catalogItemId: string;
  segment: 'commercial' | 'education';
  termDuration: string;
  billingCycle: string;
  minQuantity: number;
  maxQuantity: number;
  requiresOfferAttestation: boolean;
}

export interface IntakeSubmission {
  items: Array<{ catalogItemId: string; quantity: number; termDuration: string; billingCycle: string }>;
  account:
    | { type: 'existing'; domain: string; relationshipConfirmed: boolean }
    | {
        type: 'new';
        domainPrefix: string;
        companyName: string;
        contact: Signatory;
        address: { country: string };
        organizationRegistrationNumber?: string;
      };
  attestations?: { partnerOfRecord?: boolean; offer?: boolean };
  mca?: { signatory?: Signatory | null };
  qualification?: { stateOwnedEntity?: boolean; educationSegment?: 'K12' | 'HigherEducation' | null };
  termsAccepted: boolean;
}

export interface IntakeContext {
  channel: 'direct' | 'indirect';
  plansFor(catalogItemId: string): PlanFacts[];
}

// Microsoft publishes no prefix rule; lowercase letters and digits, 1 to 27 characters, is our
// conservative choice (partner-center-api.md, follow-up section).
export const DOMAIN_PREFIX = /^[a-z0-9]{1,27}$/;
export const ONMICROSOFT_DOMAIN = /^[a-z0-9]{1,27}\.onmicrosoft\.com$/;

/** Every business rule of DESIGN.md section 9 against the catalog; one error per bad field. */
export function checkIntakeRules(
  submission: IntakeSubmission,
  context: IntakeContext,
): { errors: FieldError[]; segment: 'commercial' | 'education' } {
  const errors: FieldError[] = [];
  const segments = new Set<string>();
  let offerAttestationNeeded = false;
  const seen = new Set<string>();

  submission.items.forEach((item, index) => {
    const at = `items[${index}]`;
    const plans = context.plansFor(item.catalogItemId);
    if (plans.length === 0) {
      errors.push({ field: `${at}.catalogItemId`, message: `Unknown catalog item ${item.catalogItemId}` });
      return;
    }
    if (seen.has(item.catalogItemId))
      errors.push({ field: `${at}.catalogItemId`, message: 'Each catalog item may appear only once per order' });
    seen.add(item.catalogItemId);
    segments.add(plans[0].segment);
    if (plans.some((plan) => plan.requiresOfferAttestation)) offerAttestationNeeded = true;
    const plan = plans.find((candidate) => candidate.termDuration === item.termDuration && candidate.billingCycle === item.billingCycle);
    if (!plan) {
      const offered = plans.map((candidate) => `${candidate.termDuration}/${candidate.billingCycle}`).join(', ');
      errors.push({
        field: `${at}.billingCycle`,
        message: `The plan does not offer ${item.termDuration} billed ${item.billingCycle}; offered: ${offered}`,
      });
    }
    const limits = plan ?? plans[0];
    if (item.quantity < limits.minQuantity || item.quantity > limits.maxQuantity) {
      errors.push({ field: `${at}.quantity`, message: `Quantity must be between ${limits.minQuantity} and ${limits.maxQuantity}` });
    }
  });

  if (segments.size > 1) errors.push({ field: 'items', message: 'All items of an order must be of one segment (commercial or education)' });
  const segment = segments.has('education') ? 'education' : 'commercial';

  const account = submission.account;
  if (account.type === 'existing') {
    if (!ONMICROSOFT_DOMAIN.test(account.domain)) {
      errors.push({
        field: 'account.domain',
        message: 'Give the primary domain as <prefix>.onmicrosoft.com (lowercase letters and digits)',
      });
    }
    if (account.relationshipConfirmed !== true) {
      errors.push({ field: 'account.relationshipConfirmed', message: 'Confirm that the customer has accepted the partner relationship' });
    }
  } else {
    if (!DOMAIN_PREFIX.test(account.domainPrefix)) {
      errors.push({ field: 'account.domainPrefix', message: 'Use 1 to 27 lowercase letters and digits' });
    }
    const country = account.address.country;
    if (taxIdRequired(country) && !account.organizationRegistrationNumber) {
      errors.push({
        field: 'account.organizationRegistrationNumber',
        message: `A tax id (organization registration number) is required for ${country}`,
      });
    } else if (account.organizationRegistrationNumber && !isWellFormedTaxId(country, account.organizationRegistrationNumber)) {
      errors.push({ field: 'account.organizationRegistrationNumber', message: `Not a well-formed tax id for ${country}` });
    }
    if (!submission.mca?.signatory) {
      errors.push({ field: 'mca.signatory', message: 'A new Microsoft account starts without an MCA: give the signatory who accepts it' });
    }
  }

  if (context.channel === 'indirect' && submission.attestations?.partnerOfRecord !== true) {
    errors.push({
      field: 'attestations.partnerOfRecord',
      message: 'The partner-of-record attestation is required in the indirect channel',
    });
  }
  if (offerAttestationNeeded && submission.attestations?.offer !== true) {
    errors.push({ field: 'attestations.offer', message: 'An item of this order requires the offer attestation' });
  }

  const educationSegment = submission.qualification?.educationSegment ?? null;
  if (educationSegment !== null && segment !== 'education') {
    errors.push({ field: 'qualification.educationSegment', message: 'The education segment applies only to education offers' });
  }
  if (segment === 'education' && segments.size === 1) {
    if (account.type === 'new')
      errors.push({ field: 'account.type', message: 'Only existing Microsoft accounts can be qualified for education offers' });
    else if (educationSegment === null)
      errors.push({
        field: 'qualification.educationSegment',
        message: 'Education offers need the education segment (K12 or HigherEducation)',
      });
  }
  if (submission.termsAccepted !== true) errors.push({ field: 'termsAccepted', message: 'The terms of service must be accepted' });
  return { errors, segment };
}
