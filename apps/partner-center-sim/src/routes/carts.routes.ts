import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { authGuard } from '../http/auth.guard';
import { asRecord, optionalBoolean } from '../http/casing';
import { SimulatedApiError } from '../http/error-body';
import { requestState } from '../http/request-state';
import type { RouteRegistrar, SimContext } from '../sim-context';
import type { Cart } from '../state/commerce.model';
import { DAY_MS } from '../state/durations';
import { cartView } from '../views/commerce.view';
import { readCartLines } from './cart-lines';
import { customerWithRelationship, param } from './customer-access';

const CART_LIFETIME_MS = 7 * DAY_MS;

function modifiedBy(request: FastifyRequest): string {
  const token = requestState(request).token;
  return token?.upn ?? token?.appid ?? 'unknown';
}

/** A live cart of the customer: unknown or expired carts are 404 800008, as Partner Center forgets them. */
export function liveCart(context: SimContext, customerId: string, cartId: string): Cart {
  const cart = context.state.commerce.cart(customerId, cartId);
  if (cart === undefined || (cart.status === 'Active' && context.now() >= Date.parse(cart.expirationTimestamp))) {
    throw new SimulatedApiError(404, 800008, `Unable to retrieve cart id ${cartId}.`, { isRetryable: false });
  }
  return cart;
}

export const registerCartRoutes: RouteRegistrar = (app, context) => {
  const anyToken = authGuard(context, 'partner-center');

  app.post('/v1/customers/:customerId/carts', { onRequest: anyToken }, (request, reply) => {
    const tenant = customerWithRelationship(context, param(request, 'customerId'));
    const body = asRecord(request.body);
    const lineItems = readCartLines(context, tenant, body.lineItems);
    const now = context.now();
    const cart: Cart = {
      id: randomUUID(),
      customerId: tenant.id,
      creationTimestamp: new Date(now).toISOString(),
      lastModifiedTimestamp: new Date(now).toISOString(),
      expirationTimestamp: new Date(now + CART_LIFETIME_MS).toISOString(),
      lastModifiedUser: modifiedBy(request),
      lineItems,
      status: 'Active',
      partnerOnRecordAttestationAccepted: optionalBoolean(body, 'partnerOnRecordAttestationAccepted'),
      orderIds: [],
    };
    context.state.commerce.carts.set(cart.id, cart);
    return reply.code(201).send(cartView(cart));
  });

  app.put('/v1/customers/:customerId/carts/:cartId', { onRequest: anyToken }, (request, reply) => {
    const tenant = customerWithRelationship(context, param(request, 'customerId'));
    const cart = liveCart(context, tenant.id, param(request, 'cartId'));
    if (cart.status === 'Ordered' || context.state.commerce.checkoutsInFlight.has(cart.id)) {
      // No published code for updating a submitted cart: the checkout code is reused (guess).
      throw new SimulatedApiError(400, 800065, 'Cannot update an already submitted cart.', { isRetryable: false });
    }
    const body = asRecord(request.body);
    cart.lineItems = readCartLines(context, tenant, body.lineItems);
    const attestation = optionalBoolean(body, 'partnerOnRecordAttestationAccepted');
    if (attestation !== undefined) cart.partnerOnRecordAttestationAccepted = attestation;
    cart.lastModifiedTimestamp = new Date(context.now()).toISOString();
    cart.lastModifiedUser = modifiedBy(request);
    return reply.send(cartView(cart));
  });

  app.get('/v1/customers/:customerId/carts/:cartId', { onRequest: anyToken }, (request, reply) => {
    const tenant = customerWithRelationship(context, param(request, 'customerId'));
    return reply.send(cartView(liveCart(context, tenant.id, param(request, 'cartId'))));
  });
};
