import { CLIENT_ERROR } from './error-codes';
import { PartnerCenterError, authenticationError, errorFromResponse, timeoutError } from './partner-center.errors';
import { subscriptionChangeRefusal } from './subscription-change-refusal';

const answer = (status: number, code: number, description = 'd') =>
  errorFromResponse({ status, body: { code, description, data: [], source: 'PartnerFD' }, source: 'partner_center' });

describe('subscriptionChangeRefusal', () => {
  it('maps the window, range and status refusals of a PATCH to our codes with Microsoft description', () => {
    expect(subscriptionChangeRefusal(answer(400, 168001, 'only 2 refundable'))).toEqual({
      code: 'REFUND_WINDOW_CLOSED',
      detail: 'only 2 refundable',
    });
    expect(subscriptionChangeRefusal(answer(400, 168002))?.code).toBe('REFUND_WINDOW_CLOSED');
    expect(subscriptionChangeRefusal(answer(400, 2002))?.code).toBe('QUANTITY_OUT_OF_RANGE');
    expect(subscriptionChangeRefusal(answer(400, 900275))?.code).toBe('QUANTITY_OUT_OF_RANGE');
    expect(subscriptionChangeRefusal(answer(400, 168003))?.code).toBe('SUBSCRIPTION_NOT_ACTIVE');
  });

  it('calls any other Partner Center 4xx a refusal (CHANGE_REFUSED)', () => {
    expect(subscriptionChangeRefusal(answer(400, 2000, 'bad argument'))).toEqual({ code: 'CHANGE_REFUSED', detail: 'bad argument' });
    expect(subscriptionChangeRefusal(answer(404, 1000))?.code).toBe('CHANGE_REFUSED');
    expect(subscriptionChangeRefusal(answer(403, 20002))?.code).toBe('CHANGE_REFUSED');
  });

  it('is undefined for outcomes that are unknown or transient: read back and retry', () => {
    expect(subscriptionChangeRefusal(timeoutError('partner_center', 'r', new Error('t')))).toBeUndefined();
    expect(subscriptionChangeRefusal(answer(500, 900192))).toBeUndefined();
    expect(subscriptionChangeRefusal(answer(503, 503))).toBeUndefined();
    expect(subscriptionChangeRefusal(answer(429, 429))).toBeUndefined();
    expect(subscriptionChangeRefusal(answer(412, 412))).toBeUndefined();
    expect(subscriptionChangeRefusal(answer(409, 900278))).toBeUndefined();
    expect(subscriptionChangeRefusal(authenticationError('invalid_grant', 'revoked', 400, 1000))).toBeUndefined();
    expect(
      subscriptionChangeRefusal(
        new PartnerCenterError({
          httpStatus: null,
          code: CLIENT_ERROR.network,
          description: 'n',
          retryClass: 'transient',
          source: 'partner_center',
        }),
      ),
    ).toBeUndefined();
    expect(subscriptionChangeRefusal(new Error('not ours'))).toBeUndefined();
  });
});
