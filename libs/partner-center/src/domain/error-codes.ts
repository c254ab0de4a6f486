/**
 * Partner Center error codes the order flow switches on (wire `code`, as a string: the API sends
 * numbers or strings). Names describe the meaning in partner-center-api.md §2.5.
 */
export const PC_ERROR = {
  noRelationship: '20002',
  tenantNotFound: '60003',
  notFound: '1000',
  quantityOutOfRange: '2002',
  mcaNotConfirmed: '13605',
  registrationNumberNotSupported: '600002',
  registrationNumberMissing: '600049',
  registrationNumberInvalid: '600050',
  phoneNumberMissing: '600051',
  agreementAlreadyExists: '600061',
  accountStatusNotFound: '600074',
  catalogItemNotEligible: '800020',
  cartBeingProcessed: '800064',
  /** 409 "order in progress": the order may exist; an unknown outcome, never a failure. */
  orderInProgress: '800060',
  /** 404 "availability not found": re-read the catalog item. */
  availabilityNotFound: '400019',
  /** 400 "error in cart item(s)": the cart's lines carry the errors. */
  cartLineErrors: '800009',
  /** 400 customer creation failed after the tenant was partly built: the domain stays taken. */
  customerCreationFailed: '27002',
  cartAlreadySubmitted: '800065',
  accountUnderReview: '800073',
  accountUnderReviewAlt: '800074',
  accountNotApproved: '800075',
  skuAttestationRequired: '900203',
  partnerAttestationMissing: '900206',
  quantityNotAllowed: '900275',
  /** 409 "pending operation on the subscription; retry after 24 h": not a refusal of the change itself. */
  subscriptionOperationPending: '900278',
  /**
   * Subscription PATCH refusals. Microsoft says the API "throws an error" outside the 168-hour window but
   * publishes no code: these are the simulator's (assumed; docs/partner-center-wire-shapes.md).
   */
  reductionWindowClosed: '168001',
  cancellationWindowClosed: '168002',
  subscriptionNotActive: '168003',
  appOnlyNotSupported: '900329',
  /** App+User call without MFA (enforced since 2026-04-01); 401. */
  mfaRequired: '900421',
  internalError: '900192',
  /** Old token audience (graph.windows.net) retired; 401. */
  retiredAudience: '900420',
} as const;

export type PartnerCenterErrorCode = (typeof PC_ERROR)[keyof typeof PC_ERROR];

/** Codes the client assigns itself when the upstream gave none. */
export const CLIENT_ERROR = {
  timeout: 'TIMEOUT',
  network: 'NETWORK_ERROR',
  invalidResponse: 'INVALID_RESPONSE',
  /** Our own credentials do not work (the Partner Center authentication breaker); orders wait with delay reason partner_center_authentication. */
  authentication: 'PARTNER_CENTER_AUTHENTICATION',
  /** Prefix for responses without a code in the body: `HTTP_503`. */
  httpPrefix: 'HTTP_',
} as const;
