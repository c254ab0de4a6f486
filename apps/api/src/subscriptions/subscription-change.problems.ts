import { ChangeRefusedError, ChangeValidationError, SubscriptionChangeNotFoundError, SubscriptionCopyNotFoundError, SubscriptionNotSyncedError } from '@nce/subscriptions';
import { ApiProblem } from '../http/api-problem';

const TITLES: Record<ChangeRefusedError['code'], string> = {
  REDUCTION_EXCEEDS_REFUNDABLE: 'Reduction exceeds the refundable quantity',
  REFUND_WINDOW_CLOSED: 'Refund window closed',
  QUANTITY_OUT_OF_RANGE: 'Quantity out of range',
  CHANGE_IN_FLIGHT: 'Another change is in flight',
  SUBSCRIPTION_NOT_ACTIVE: 'Subscription not active',
};

/** The subscriptions context's refusals as problem+json, each with its stable `code` (the panel shows `detail`). */
export function changeProblem(error: unknown): unknown {
  if (error instanceof ChangeRefusedError) return new ApiProblem(error.status, error.code.toLowerCase().replace(/_/g, '-'), TITLES[error.code], error.message, { code: error.code });
  if (error instanceof ChangeValidationError) return new ApiProblem(400, 'validation-error', 'Invalid request', 'One or more fields are invalid', { errors: error.errors, code: error.code });
  if (error instanceof SubscriptionNotSyncedError) return new ApiProblem(409, 'subscription-not-synced', 'Subscription not read yet', error.message, { code: error.code, retryAfterSeconds: 2 });
  if (error instanceof SubscriptionCopyNotFoundError || error instanceof SubscriptionChangeNotFoundError) return new ApiProblem(404, 'not-found', 'Not found', error.message, { code: error.code });
  return error;
}

/** Runs `work`, turning the context's errors into problems (the shared filter maps the rest). */
export async function withChangeProblems<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw changeProblem(error);
  }
}
