/** Partner Center refusals at checkout and what the order reports for each (stable codes). */
export const CHECKOUT_REFUSALS: Readonly<Record<string, { code: string; message: string; howToFix: string }>> = {
  '13605': {
    code: 'MCA_NOT_ACCEPTED',
    message: 'Microsoft reports that the Microsoft Customer Agreement is not accepted for this customer',
    howToFix: 'Have the customer accept the MCA (or attest it), then ask an operator to retry the order',
  },
  '20002': {
    code: 'RELATIONSHIP_MISSING',
    message: 'The partner has no reseller relationship with this customer',
    howToFix: 'Have a global admin of the customer accept the partner invitation, then retry the order',
  },
  '800075': {
    code: 'ACCOUNT_NOT_APPROVED',
    message: 'Microsoft did not approve this customer account for transactions',
    howToFix: 'Contact Microsoft partner support about the account validation',
  },
  '900203': {
    code: 'OFFER_ATTESTATION_REQUIRED',
    message: 'An item requires the offer attestation',
    howToFix: 'Submit the order again with attestations.offer = true',
  },
  '900206': {
    code: 'PARTNER_OF_RECORD_ATTESTATION_MISSING',
    message: 'The partner-of-record attestation is missing',
    howToFix: 'Submit the order again with attestations.partnerOfRecord = true',
  },
  '2002': {
    code: 'QUANTITY_NOT_ALLOWED',
    message: 'A quantity is outside what the offer allows',
    howToFix: 'Change the quantity and submit a new order',
  },
  '900275': {
    code: 'QUANTITY_NOT_ALLOWED',
    message: 'A quantity is not allowed for the offer',
    howToFix: 'Change the quantity and submit a new order',
  },
  '800020': {
    code: 'CATALOG_ITEM_NOT_ELIGIBLE',
    message: 'A catalog item is not eligible for purchase (for education offers: the education qualification is not approved)',
    howToFix: 'Check the offer and the customer qualification; the catalog may have changed since the order was placed',
  },
};

/**
 * The failure of an order whose cart Partner Center refused for catalog reasons (400019, 800009):
 * the plans it no longer sells, else the line errors it reported.
 */
export function catalogFailure(
  gone: readonly string[],
  lineErrors: readonly { catalogItemId: string; errorCode: string; description?: string }[],
): { code: string; message: string; howToFix: string } {
  if (gone.length > 0) {
    return {
      code: 'PLAN_NO_LONGER_AVAILABLE',
      message: `Microsoft no longer sells ${gone.length === 1 ? 'this plan' : 'these plans'}: ${gone.join(', ')}`,
      howToFix: 'Choose another plan from the current catalog and submit a new order; nothing was charged',
    };
  }
  const described = lineErrors.map((line) => `${line.catalogItemId}: ${line.description ?? line.errorCode}`).join('; ');
  return {
    code: 'CART_LINE_REJECTED',
    message: described === '' ? 'Microsoft refused an item of the order' : `Microsoft refused an item of the order (${described})`,
    howToFix: 'Change the item as the message says and submit a new order; nothing was charged',
  };
}

/** Under review at checkout: a delay, re-checked, not a failure (DESIGN.md section 3.1). */
export const UNDER_REVIEW_CODES = new Set(['800073', '800074']);

/** `friendlyName` of a cart line: carries the order id so the lines can be found after an unknown checkout outcome. */
export function lineFriendlyName(orderId: string, lineNumber: number): string {
  return `NCE-${orderId}-${lineNumber}`;
}
