// Public surface of the Partner Center / Graph GDAP client. Everything else is internal.
export type {
  CallContext,
  CallObservation,
  CallObserver,
  GraphCollection,
  PartnerCenterDependency,
  ResourceAttributes,
  ResourceCollection,
  ResourceLink,
  ResourceLinks,
} from './domain/common.model';
export type * from './domain/customer.model';
export type * from './domain/agreement.model';
export type * from './domain/qualification.model';
export type * from './domain/commerce.model';
export type * from './domain/gdap.model';
export { NCE_PRODUCT_TYPE_ID } from './domain/catalog.model';
export { PriceSheetFormatError, parseLicensePriceSheet, type LicensePriceRow } from './domain/price-sheet.model';
export type {
  Availability,
  AvailabilityTerm,
  BillingCycle,
  CatalogQuery,
  NceOfferRow,
  Product,
  ProductType,
  RenewalOption,
  Sku,
  SkuAttestationProperties,
  TermDuration,
} from './domain/catalog.model';
export { CLIENT_ERROR, PC_ERROR, type PartnerCenterErrorCode } from './domain/error-codes';
export {
  subscriptionChangeRefusal,
  type SubscriptionChangeRefusal,
  type SubscriptionChangeRefusalCode,
} from './domain/subscription-change-refusal';
export {
  PartnerCenterError,
  classifyHttpFailure,
  isPartnerCenterError,
  parseRetryAfter,
  type ErrorSource,
  type PartnerCenterErrorDetails,
} from './domain/partner-center.errors';
export type { AuthFlow, PartnerCenterTransport, Target, TransportRequest, TransportResponse } from './application/transport.port';
export { route, type HttpMethod, type ResolvedRoute } from './application/route';
export { gdapApprovalUrl } from './application/gdap.api';
export { PartnerCenterClient } from './infrastructure/partner-center.client';
/** Failure predicate for a BreakerRegistry shared between clients: only no-answer and 5xx count. */
export { countsAgainstBreaker } from './infrastructure/http-transport';
export type { PartnerCenterClientOptions } from './infrastructure/runtime';
export { createPartnerCenterClient, type PartnerCenterClientDependencies } from './infrastructure/partner-center-client.factory';
export { TOKEN_REFRESH_MARGIN_MS } from './infrastructure/token-provider';
export {
  CREDENTIAL_TABLE,
  credentialAccepted,
  credentialRowForPath,
  credentialRowForTemplate,
  credentialToSend,
  type CredentialRow,
  type CredentialRule,
  type CredentialType,
} from './domain/credential-table';
export {
  InMemoryRefreshTokenStore,
  type AuthenticationFailure,
  type RefreshTokenSource,
  type RefreshTokenState,
  type RefreshTokenStore,
  type StoredRefreshToken,
} from './application/refresh-token-store.port';
export { SqlRefreshTokenStore } from './infrastructure/sql-refresh-token.store';
export { certificateAssertionSigner, type ClientAssertionSigner } from './infrastructure/client-assertion';
export {
  DeviceCodeError,
  PARTNER_CENTER_CONSENT_SCOPE,
  pollDeviceCode,
  startDeviceCode,
  type DeviceCodeOptions,
  type DeviceCodeResult,
  type DeviceCodeStart,
} from './infrastructure/device-code';
export { TOKEN_AGE_WARNING_DAYS, authenticationHealth, type AuthenticationHealth } from './application/authentication-health';
export { registerAuthenticationMetrics } from './infrastructure/authentication-metrics';
export { connectPartnerCenter, type PartnerCenterMetrics } from './infrastructure/partner-center.composition';
