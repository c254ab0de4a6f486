import { SimulatedApiError } from '../http/error-body';
import type { SimContext } from '../sim-context';
import type { Cart } from '../state/commerce.model';
import type { Tenant } from '../state/tenant.model';
import { noRelationship } from './customer-access';

type Gate = SimContext['settings']['checkoutGates'][number];

function forbidden(code: number, message: string): SimulatedApiError {
  return new SimulatedApiError(403, code, message, { isRetryable: false });
}

function badRequest(code: number, message: string): SimulatedApiError {
  return new SimulatedApiError(400, code, message, { isRetryable: false });
}

const GATES: Record<Gate, (context: SimContext, tenant: Tenant, cart: Cart) => void> = {
  relationship: (_context, tenant) => {
    if (tenant.relationshipToPartner === 'none') throw noRelationship(tenant.id);
  },
  account: (_context, tenant) => {
    // Purchases are blocked for UnderReview, NotAllowed and Unknown; not for Allowed or no status.
    // Which of 800073/800074 Microsoft uses for UnderReview is not documented: 800073 (guess).
    if (tenant.accountStatus === 'UnderReview')
      throw forbidden(800073, 'The customer account is under review. Purchases are blocked until the review completes.');
    // 800074 is documented as "under review" too; the simulator uses it while the new account is not ready (guess).
    if (tenant.accountStatus === 'Not Ready')
      throw forbidden(800074, 'The customer account is being reviewed. Purchases are blocked until it is ready.');
    if (tenant.accountStatus === 'NotAllowed' || tenant.accountStatus === 'Unknown') {
      throw forbidden(800075, `The customer account is not approved for purchases (status ${tenant.accountStatus}).`);
    }
  },
  mca: (context, tenant) => {
    if (context.state.tenants.mcaState(tenant) !== 'valid') {
      throw forbidden(
        13605,
        'The customer has not accepted the latest Microsoft Customer Agreement. The partner must attest, or the customer must accept it in the Microsoft 365 admin center.',
      );
    }
  },
  partner_of_record: (_context, _tenant, cart) => {
    const indirect = cart.lineItems.some((line) => line.participants.some((participant) => participant.key === 'transaction_reseller'));
    if (indirect && cart.partnerOnRecordAttestationAccepted !== true) throw badRequest(900206, 'Partner Attestation is missing.');
  },
  sku_attestation: (context, _tenant, cart) => {
    for (const line of cart.lineItems) {
      const enforce = context.state.catalog.item(line.catalogItemId)?.sku.attestationProperties?.enforceAttestation === true;
      if (enforce && line.attestationAccepted !== true)
        throw badRequest(900203, `CatalogItemId: ${line.catalogItemId} requires attestation acceptance.`);
    }
  },
  quantity: (context, _tenant, cart) => {
    for (const line of cart.lineItems) {
      const sku = context.state.catalog.item(line.catalogItemId)?.sku;
      if (sku !== undefined && (line.quantity < sku.minimumQuantity || line.quantity > sku.maximumQuantity)) {
        throw badRequest(
          2002,
          `Quantity ${line.quantity} for ${line.catalogItemId} is outside the allowed range ${sku.minimumQuantity}..${sku.maximumQuantity}.`,
        );
      }
    }
  },
  education: (context, tenant, cart) => {
    // The code for a missing education qualification is unconfirmed; 800020 "not eligible" (inference).
    const educationLine = cart.lineItems.find(
      (line) => context.state.catalog.item(line.catalogItemId)?.availability.segment === 'education',
    );
    if (educationLine !== undefined && tenant.qualifications.get('Education')?.vettingStatus !== 'Approved') {
      throw forbidden(
        800020,
        `Catalog item ${educationLine.catalogItemId} is not eligible for purchase: the customer has no approved Education qualification.`,
      );
    }
  },
};

/** Runs the configured gates in order; the first failing gate decides the error. */
export function runCheckoutGates(context: SimContext, tenant: Tenant, cart: Cart): void {
  for (const gate of context.settings.checkoutGates) GATES[gate](context, tenant, cart);
}

export const ALL_CHECKOUT_GATES = Object.keys(GATES) as Gate[];
