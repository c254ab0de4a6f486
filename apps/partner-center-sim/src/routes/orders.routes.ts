import { authGuard } from '../http/auth.guard';
import { SimulatedApiError } from '../http/error-body';
import type { RouteRegistrar, SimContext } from '../sim-context';
import type { Order } from '../state/commerce.model';
import { orderStatus, orderView } from '../views/commerce.view';
import { collection } from '../views/links';
import { customerWithRelationship, param } from './customer-access';

function orderOf(context: SimContext, customerId: string, orderId: string): Order {
  const order = context.state.commerce.order(customerId, orderId);
  if (order === undefined) throw new SimulatedApiError(404, 1000, `Order ${orderId} was not found.`, { isRetryable: false });
  return order;
}

export const registerOrderRoutes: RouteRegistrar = (app, context) => {
  const anyToken = authGuard(context, 'partner-center');

  app.get('/v1/customers/:customerId/orders', { onRequest: anyToken }, (request, reply) => {
    const tenant = customerWithRelationship(context, param(request, 'customerId'));
    const now = context.now();
    const items = context.state.commerce.ordersOf(tenant.id).map((order) => orderView(order, now));
    return reply.send(collection(items, `/customers/${tenant.id}/orders`));
  });

  app.get('/v1/customers/:customerId/orders/:orderId', { onRequest: anyToken }, (request, reply) => {
    const tenant = customerWithRelationship(context, param(request, 'customerId'));
    return reply.send(orderView(orderOf(context, tenant.id, param(request, 'orderId')), context.now()));
  });

  app.get('/v1/customers/:customerId/orders/:orderId/provisioningstatus', { onRequest: anyToken }, (request, reply) => {
    const tenant = customerWithRelationship(context, param(request, 'customerId'));
    const order = orderOf(context, tenant.id, param(request, 'orderId'));
    // Documented values (written for reservations) reused for seat orders: PrefulfillmentPending → Fulfilled.
    const status = orderStatus(order, context.now()) === 'completed' ? 'Fulfilled' : 'PrefulfillmentPending';
    const items = order.lineItems.map((line) => ({
      lineItemNumber: line.lineItemNumber,
      status,
      quantityProvisioningInformation: [{ quantity: line.quantity, status }],
      attributes: { objectType: 'OrderLineItemProvisioningStatus' },
    }));
    return reply.send(collection(items, `/customers/${tenant.id}/orders/${order.id}/provisioningstatus`));
  });
};
