export type BillingCycle = 'monthly' | 'annual' | 'triennial' | 'one_time' | 'none' | 'biennial';
export const BILLING_CYCLES: readonly BillingCycle[] = ['monthly', 'annual', 'triennial', 'one_time', 'none', 'biennial'];
export type TermDuration = 'P1M' | 'P1Y' | 'P3Y';
export const TERM_DURATIONS: readonly TermDuration[] = ['P1M', 'P1Y', 'P3Y'];
export type ParticipantKey = 'transaction_reseller' | 'consumption_reseller' | 'additional_transaction_reseller';
export const PARTICIPANT_KEYS: readonly ParticipantKey[] = [
  'transaction_reseller',
  'consumption_reseller',
  'additional_transaction_reseller',
];

export interface Participant {
  key: ParticipantKey;
  value: string;
}

export interface CartLineError {
  errorCode: string;
  errorDescription: string;
}

export interface CartLineItem {
  id: number;
  catalogItemId: string;
  friendlyName?: string;
  quantity: number;
  currencyCode: string;
  billingCycle: BillingCycle;
  termDuration: TermDuration;
  promotionId?: string;
  participants: Participant[];
  provisioningContext: Record<string, string>;
  orderGroup: string;
  renewsTo?: { termDuration: TermDuration };
  customTermEndDate?: string;
  attestationAccepted?: boolean;
  error?: CartLineError;
}

export interface Cart {
  id: string;
  customerId: string;
  creationTimestamp: string;
  lastModifiedTimestamp: string;
  expirationTimestamp: string;
  lastModifiedUser: string;
  lineItems: CartLineItem[];
  status: 'Active' | 'Ordered';
  partnerOnRecordAttestationAccepted?: boolean;
  orderIds: string[];
}

export interface OrderLineItem {
  lineItemNumber: number;
  offerId: string;
  subscriptionId: string;
  termDuration: TermDuration;
  renewsTo?: { termDuration: TermDuration };
  transactionType: 'new';
  friendlyName?: string;
  quantity: number;
  promotionId?: string;
  customTermEndDate?: string;
  partnerIdOnRecord?: string;
  additionalPartnerIdsOnRecord: string[];
  provisioningContext: Record<string, string>;
  attestationAccepted?: boolean;
}

export interface Order {
  id: string;
  alternateId: string;
  referenceCustomerId: string;
  cartId: string;
  billingCycle: BillingCycle;
  currencyCode: string;
  currencySymbol: string;
  lineItems: OrderLineItem[];
  creationDate: string;
  /** Epoch ms at which the order turns `completed` (provisioning delay). */
  completesAt: number;
  transactionType: 'UserPurchase';
  partnerOnRecordAttestationAccepted?: boolean;
}

export interface SeatWindow {
  quantity: number;
  /** Epoch ms until which these licences can be reduced (exclusive). */
  allowedUntil: number;
}

export type SubscriptionStatus = 'pending' | 'active' | 'suspended' | 'deleted' | 'expired';

export interface Subscription {
  id: string;
  entitlementId: string;
  customerId: string;
  orderId: string;
  offerId: string;
  offerName: string;
  productId: string;
  skuId: string;
  availabilityId: string;
  friendlyName: string;
  quantity: number;
  creationDate: string;
  effectiveStartDate: string;
  commitmentEndDate: string;
  billingCycleEndDate: string;
  /** The cancellation deadline (ISO): 168 h after the purchase or the last renewal. */
  refundExpiresAt: string;
  /** Epoch ms at which the subscription turns `active`. */
  activeAt: number;
  /** A status set by PATCH (deleted, suspended) or by the term's end (expired); overrides the provisioning state. */
  statusOverride?: 'deleted' | 'suspended' | 'expired';
  /** Epoch ms of the purchase or of the last renewal (the current term's start). Absent in pre-issue-17 snapshots. */
  termStartAt?: number;
  /** Epoch ms at which the current term ends (exclusive: midnight after `commitmentEndDate`). */
  termEndsAt?: number;
  /** Licences that can still be reduced, each batch with its own 168 h window (purchase, renewal, increase). */
  seatWindows?: SeatWindow[];
  /** Renewals so far (each one opened a new term and a new window). */
  renewals?: number;
  autoRenewEnabled: boolean;
  billingCycle: BillingCycle;
  termDuration: TermDuration;
  renewalTermDuration?: TermDuration;
  partnerId?: string;
  promotionId?: string;
  attestationAccepted?: boolean;
  etagVersion: number;
}
