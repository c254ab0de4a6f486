import { ApiKeyForbiddenError, ApiKeyNotFoundError, ApiKeyRevokedError, CustomerNotFoundError, PartnerNotFoundError } from '@nce/accounts';
import {
  WebhookConflictError,
  WebhookDeliveryNotFoundError,
  WebhookEndpointNotFoundError,
  WebhookForbiddenError,
  WebhookUrlRefusedError,
  WebhookValidationError,
} from '@nce/notifications';
import {
  CheckoutAlreadyRecordedError,
  ConcurrentOrderUpdateError,
  IdempotencyKeyInProgressError,
  IdempotencyKeyMismatchError,
  IllegalTransitionError,
  NoActionRequiredError,
  OrderConflictError,
  OrderForbiddenError,
  OrderNotFoundError,
  OrderTerminalError,
  OrderValidationError,
} from '@nce/orders';
import {
  ChangeForbiddenError,
  ChangeRefusedError,
  ChangeValidationError,
  SubscriptionChangeNotFoundError,
  SubscriptionNotSyncedError,
} from '@nce/subscriptions';
import { toProblem } from './problem.filter';

const urn = (slug: string): string => `urn:nce:problem:${slug}`;

// The bodies clients already receive: the kinds must not change one of them.
describe('domain errors as problem+json', () => {
  it('lists every invalid field of an order under errors', () => {
    const errors = [{ field: 'quantity', message: 'Expected 1 to 300' }];
    expect(toProblem(new OrderValidationError(errors))).toEqual({
      type: urn('validation-error'),
      title: 'Invalid request',
      status: 400,
      detail: 'One or more fields are invalid',
      errors,
    });
  });

  it('answers 404 not-found for an order the caller cannot see', () => {
    expect(toProblem(new OrderNotFoundError('o-1'))).toEqual({
      type: urn('not-found'),
      title: 'Not found',
      status: 404,
      detail: 'Order o-1 not found',
    });
  });

  it('answers 403 forbidden for a refused order', () => {
    expect(toProblem(new OrderForbiddenError('no'))).toEqual({ type: urn('forbidden'), title: 'Forbidden', status: 403, detail: 'no' });
  });

  it('names the conflicting field of an order conflict, and none when there is none', () => {
    expect(toProblem(new OrderConflictError('linked elsewhere', 'account.domain'))).toEqual({
      type: urn('conflict'),
      title: 'Conflict',
      status: 409,
      detail: 'linked elsewhere',
      errors: [{ field: 'account.domain', message: 'linked elsewhere' }],
    });
    expect(toProblem(new OrderConflictError('linked elsewhere'))).toEqual({
      type: urn('conflict'),
      title: 'Conflict',
      status: 409,
      detail: 'linked elsewhere',
    });
  });

  it('answers 422 for an Idempotency-Key reused with another body and 409 while the first request runs', () => {
    expect(toProblem(new IdempotencyKeyMismatchError())).toMatchObject({
      type: urn('idempotency-key-reused'),
      title: 'Idempotency-Key reused',
      status: 422,
    });
    expect(toProblem(new IdempotencyKeyInProgressError())).toMatchObject({
      type: urn('idempotency-key-in-progress'),
      title: 'Request in progress',
      status: 409,
    });
  });

  it.each([
    new CheckoutAlreadyRecordedError(),
    new OrderTerminalError('completed'),
    new NoActionRequiredError('mca'),
    new IllegalTransitionError('completed', 'failed'),
    new ConcurrentOrderUpdateError('o-1'),
  ])('answers 409 order-state-conflict for %p', (error) => {
    expect(toProblem(error)).toEqual({ type: urn('order-state-conflict'), title: 'Conflict', status: 409, detail: error.message });
  });

  it('keeps the accounts problem type: 404 for what is missing, 409 for a revoked key', () => {
    for (const error of [new CustomerNotFoundError('c'), new PartnerNotFoundError('p'), new ApiKeyNotFoundError('k')]) {
      expect(toProblem(error)).toEqual({ type: urn('accounts'), title: 'Request refused', status: 404, detail: error.message });
    }
    expect(toProblem(new ApiKeyRevokedError('k'))).toEqual({
      type: urn('accounts'),
      title: 'Request refused',
      status: 409,
      detail: 'API key k is revoked or expired',
    });
  });

  it('answers 403 forbidden for an API key action the caller may not take', () => {
    expect(toProblem(new ApiKeyForbiddenError('customer keys cannot'))).toEqual({
      type: urn('forbidden'),
      title: 'Forbidden',
      status: 403,
      detail: 'customer keys cannot',
    });
  });

  it('maps the webhook errors as before', () => {
    const errors = [{ field: 'url', message: 'Use an https:// URL' }];
    expect(toProblem(new WebhookValidationError(errors))).toEqual({
      type: urn('validation-error'),
      title: 'Invalid request',
      status: 400,
      detail: 'One or more fields are invalid',
      errors,
    });
    expect(toProblem(new WebhookUrlRefusedError('Use an https:// URL'))).toEqual({
      type: urn('validation-error'),
      title: 'Invalid request',
      status: 400,
      detail: 'Use an https:// URL',
      errors,
    });
    expect(toProblem(new WebhookEndpointNotFoundError('e'))).toEqual({
      type: urn('not-found'),
      title: 'Not found',
      status: 404,
      detail: 'Webhook endpoint e not found',
    });
    expect(toProblem(new WebhookDeliveryNotFoundError('d'))).toEqual({
      type: urn('not-found'),
      title: 'Not found',
      status: 404,
      detail: 'Webhook delivery d not found',
    });
    expect(toProblem(new WebhookForbiddenError('owner only'))).toEqual({
      type: urn('forbidden'),
      title: 'Forbidden',
      status: 403,
      detail: 'owner only',
    });
    expect(toProblem(new WebhookConflictError('disabled'))).toEqual({
      type: urn('conflict'),
      title: 'Conflict',
      status: 409,
      detail: 'disabled',
    });
  });

  it('answers subscription-change refusals with their contract code: NCE rules 422, the subscription state 409', () => {
    expect(toProblem(new ChangeRefusedError('REFUND_WINDOW_CLOSED', 'closed on 1 Dec'))).toEqual({
      type: urn('refund-window-closed'),
      title: 'Refund window closed',
      status: 422,
      detail: 'closed on 1 Dec',
      code: 'REFUND_WINDOW_CLOSED',
    });
    expect(toProblem(new ChangeRefusedError('REDUCTION_EXCEEDS_REFUNDABLE', 'only 2'))).toMatchObject({
      status: 422,
      code: 'REDUCTION_EXCEEDS_REFUNDABLE',
    });
    expect(toProblem(new ChangeRefusedError('QUANTITY_OUT_OF_RANGE', 'max 300'))).toMatchObject({
      status: 422,
      code: 'QUANTITY_OUT_OF_RANGE',
    });
    expect(toProblem(new ChangeRefusedError('CHANGE_IN_FLIGHT', 'wait'))).toEqual({
      type: urn('change-in-flight'),
      title: 'Another change is in flight',
      status: 409,
      detail: 'wait',
      code: 'CHANGE_IN_FLIGHT',
    });
    expect(toProblem(new ChangeRefusedError('SUBSCRIPTION_NOT_ACTIVE', 'deleted'))).toMatchObject({
      status: 409,
      code: 'SUBSCRIPTION_NOT_ACTIVE',
    });
    expect(toProblem(new SubscriptionNotSyncedError('s'))).toMatchObject({
      status: 409,
      code: 'SUBSCRIPTION_NOT_SYNCED',
      retryAfterSeconds: 2,
    });
    const errors = [{ field: 'quantity', message: 'Expected an integer' }];
    expect(toProblem(new ChangeValidationError(errors))).toEqual({
      type: urn('validation-error'),
      title: 'Invalid request',
      status: 400,
      detail: 'One or more fields are invalid',
      errors,
      code: 'CHANGE_VALIDATION_FAILED',
    });
    expect(toProblem(new SubscriptionChangeNotFoundError('c'))).toEqual({
      type: urn('not-found'),
      title: 'Not found',
      status: 404,
      detail: 'Subscription change c not found',
      code: 'SUBSCRIPTION_CHANGE_NOT_FOUND',
    });
    expect(toProblem(new ChangeForbiddenError('ask your partner'))).toEqual({
      type: urn('forbidden'),
      title: 'Forbidden',
      status: 403,
      detail: 'ask your partner',
    });
  });
});
