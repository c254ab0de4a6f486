import type { ResourceAttributes, ResourceLinks } from './common.model';

export type ParticipantKey = 'transaction_reseller' | 'consumption_reseller' | 'additional_transaction_reseller';
export type CartStatus = 'Active' | 'Ordered';

export interface CartLineItemError {
  errorCode: string | number;
  errorDescription?: string;
  additionalInformation?: Record<string, unknown>;
}

export interface CartLineItem {
  id: number;
  catalogItemId: string;
  friendlyName?: string;
  quantity: number;
  currencyCode?: string;
  billingCycle: string;
  termDuration: string;
  promotionId?: string;
  participants?: Array<{ key: ParticipantKey; value: string }>;
  provisioningContext?: Record<string, string>;
  orderGroup?: string;
  addonItems?: CartLineItem[];
  renewsTo?: { termDuration: string };
  error?: CartLineItemError;
  customTermEndDate?: string;
  attestationAccepted?: boolean;
}

export interface Cart {
  id: string;
  creationTimestamp?: string;
  lastModifiedTimestamp?: string;
  expirationTimestamp?: string;
  lastModifiedUser?: string;
  lineItems: CartLineItem[];
  status: CartStatus;
  partnerOnRecordAttestationAccepted?: boolean;
  links?: ResourceLinks;
  attributes?: ResourceAttributes;
}

export interface CreateCartRequest {
  lineItems: Array<Omit<CartLineItem, 'orderGroup' | 'error' | 'currencyCode'>>;
  /** Required (true) in the indirect channel and whenever participants are set. */
  partnerOnRecordAttestationAccepted?: boolean;
}

export type OrderStatus = 'unknown' | 'completed' | 'pending' | 'cancelled';

export interface OrderLineItem {
  lineItemNumber: number;
  offerId: string;
  subscriptionId?: string;
  parentSubscriptionId?: string;
  termDuration?: string;
  renewsTo?: { termDuration: string };
  transactionType?: string;
  promotionId?: string;
  customTermEndDate?: string;
  friendlyName?: string;
  quantity: number;
  pricing?: Record<string, unknown>;
  partnerIdOnRecord?: string;
  additionalPartnerIdsOnRecord?: string[];
  provisioningContext?: Record<string, string>;
  attestationAccepted?: boolean;
  links?: ResourceLinks;
}

export interface Order {
  id: string;
  alternateId?: string;
  referenceCustomerId?: string;
  billingCycle?: string;
  currencyCode?: string;
  currencySymbol?: string;
  lineItems: OrderLineItem[];
  creationDate?: string;
  status: OrderStatus | string;
  transactionType?: string;
  partnerOnRecordAttestationAccepted?: boolean;
  links?: ResourceLinks;
  attributes?: ResourceAttributes;
}

export interface OrderError {
  orderGroupId: string;
  code: number;
  description: string;
}

export interface CartCheckoutResult {
  orders: Order[];
  orderErrors: OrderError[];
}

export interface OrderLineItemProvisioningStatus {
  lineItemNumber: number;
  status: string;
  quantityProvisioningInformation?: Array<{ quantity: number; status: string }>;
}

export type SubscriptionStatus = 'none' | 'active' | 'suspended' | 'deleted' | 'expired' | 'pending' | 'disabled';

export interface Subscription {
  id: string;
  entitlementId?: string;
  offerId: string;
  offerName?: string;
  friendlyName?: string;
  productType?: { id: string; displayName?: string };
  quantity: number;
  unitType?: string;
  parentSubscriptionId?: string;
  creationDate?: string;
  effectiveStartDate?: string;
  commitmentEndDate?: string;
  /** The instant the current term ends (NCE). */
  commitmentEndDateTime?: string;
  /** Last instant a cancel (status deleted) is accepted: 168 h after the purchase or renewal. */
  cancellationAllowedUntilDate?: string;
  status: SubscriptionStatus | string;
  autoRenewEnabled?: boolean;
  billingType?: string;
  billingCycle?: string;
  termDuration?: string;
  renewalTermDuration?: string;
  isTrial?: boolean;
  refundOptions?: Array<{ type: string; expiresAt: string }>;
  /** Licences that can still be reduced, per 168-hour window (SDK RefundableQuantity / RefundableQuantityDetail). */
  refundableQuantity?: RefundableQuantity;
  partnerId?: string;
  orderId?: string;
  contractType?: string;
  links?: ResourceLinks;
  attributes?: ResourceAttributes;
}

export interface RefundableQuantity {
  totalQuantity: number;
  details: Array<{ quantity: number; allowedUntilDateTime: string }>;
}

/** The changes a subscription PATCH can carry (issue 17): licences, auto-renew, cancel. */
export interface SubscriptionUpdate {
  quantity?: number;
  autoRenewEnabled?: boolean;
  status?: 'deleted';
}

/** What reading the cart back after an unknown checkout outcome established. */
export type CheckoutReconciliation =
  /** The cart was submitted: these orders carry our line items (may be empty if not yet readable). */
  | { state: 'ordered'; cart: Cart; orders: Order[] }
  /** Not submitted: checking out again with the same MS-RequestId is safe. */
  | { state: 'active'; cart: Cart };
