import { PC_ERROR } from './error-codes';
import { PartnerCenterError } from './partner-center.errors';

export type SubscriptionChangeRefusalCode = 'REFUND_WINDOW_CLOSED' | 'QUANTITY_OUT_OF_RANGE' | 'SUBSCRIPTION_NOT_ACTIVE' | 'CHANGE_REFUSED';

export interface SubscriptionChangeRefusal {
  code: SubscriptionChangeRefusalCode;
  /** Microsoft's description, as the failure message. */
  detail: string;
}

const BY_CODE: Readonly<Record<string, SubscriptionChangeRefusalCode>> = {
  [PC_ERROR.reductionWindowClosed]: 'REFUND_WINDOW_CLOSED',
  [PC_ERROR.cancellationWindowClosed]: 'REFUND_WINDOW_CLOSED',
  [PC_ERROR.quantityOutOfRange]: 'QUANTITY_OUT_OF_RANGE',
  [PC_ERROR.quantityNotAllowed]: 'QUANTITY_OUT_OF_RANGE',
  [PC_ERROR.subscriptionNotActive]: 'SUBSCRIPTION_NOT_ACTIVE',
};

/**
 * Partner Center's definitive refusal of a subscription PATCH, mapped to our failure codes; undefined when the
 * error is not a refusal (no answer, 5xx, 429, 408, a stale If-Match 412, 409 pending operation, our own
 * credentials): the outcome is unknown or transient, so the caller reads the subscription back and retries
 * with the same MS-RequestId. Any other 4xx answer from Partner Center is a refusal (CHANGE_REFUSED).
 */
export function subscriptionChangeRefusal(error: unknown): SubscriptionChangeRefusal | undefined {
  if (!(error instanceof PartnerCenterError) || error.source !== 'partner_center' || error.httpStatus === null) return undefined;
  const status = error.httpStatus;
  if (status < 400 || status >= 500 || status === 401 || status === 408 || status === 412 || status === 429) return undefined;
  if (status === 409 && error.code === PC_ERROR.subscriptionOperationPending) return undefined;
  if (error.retryClass !== 'permanent') return undefined;
  return { code: BY_CODE[error.code] ?? 'CHANGE_REFUSED', detail: error.description };
}
