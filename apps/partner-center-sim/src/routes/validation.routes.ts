import { authGuard } from '../http/auth.guard';
import { invalidInput, partnerCenterErrorBody } from '../http/error-body';
import type { RouteRegistrar } from '../sim-context';
import { customerWithRelationship, param, query } from './customer-access';

/** Transaction readiness: purchases are blocked for UnderReview, NotAllowed and Unknown. */
export const registerValidationRoutes: RouteRegistrar = (app, context) => {
  const anyToken = authGuard(context, 'partner-center');

  app.get('/v1/customers/:customerId/validationStatus', { onRequest: anyToken }, (request, reply) => {
    const tenant = customerWithRelationship(context, param(request, 'customerId'));
    const type = query(request, 'type');
    if (type === undefined || type.toLowerCase() !== 'account') throw invalidInput('type=account is required.');
    if (tenant.accountStatus === undefined) {
      return reply.code(404).send(
        partnerCenterErrorBody(600074, 'Account status not found for the customer.', {
          errorName: 'AccountStatusNotFound',
          isRetryable: false,
        }),
      );
    }
    return reply.send({ type: 'account', status: tenant.accountStatus, lastUpdateDateTime: tenant.accountStatusUpdatedAt.slice(0, 19) });
  });
};
