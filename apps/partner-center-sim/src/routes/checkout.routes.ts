import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { authGuard } from '../http/auth.guard';
import { SimulatedApiError } from '../http/error-body';
import { requestState } from '../http/request-state';
import type { RouteRegistrar, SimContext } from '../sim-context';
import type { Cart, Order, Subscription } from '../state/commerce.model';
import { currencyOf } from '../state/country-rules';
import { billingCycleEndDate, dayString, startOfUtcDay } from '../state/durations';
import { purchaseLifecycle } from '../state/subscription-lifecycle';
import type { Tenant } from '../state/tenant.model';
import { orderView } from '../views/commerce.view';
import { liveCart } from './carts.routes';
import { runCheckoutGates } from './checkout-gates';
import { customerNotFound, customerWithRelationship, param } from './customer-access';

function checkoutOperation(cartId: string): string {
  return `checkout ${cartId.toLowerCase()}`;
}

/**
 * Marks the cart as being checked out before any delay (latency fault, processing time) runs, so a
 * concurrent checkout sees 409 800064. A retry of an already answered checkout passes through to replay.
 */
function markInFlight(context: SimContext): onRequestHookHandler {
  return (request, reply, done) => {
    const state = requestState(request);
    const cartId = param(request, 'cartId').toLowerCase();
    const commerce = context.state.commerce;
    if (context.state.idempotency.get(checkoutOperation(cartId), state.requestId) !== undefined) {
      done();
      return;
    }
    if (commerce.checkoutsInFlight.has(cartId)) {
      reply.code(409).send({
        code: 800064,
        description: `Cart ${cartId} is being processed by another request.`,
        data: [],
        source: 'PartnerFD',
        isRetryable: true,
      });
      return;
    }
    commerce.checkoutsInFlight.set(cartId, state.requestId);
    state.checkoutCartId = cartId;
    done();
  };
}

function buildOrders(context: SimContext, tenant: Tenant, cart: Cart, now: number): { order: Order; subscriptions: Subscription[] }[] {
  const currency = currencyOf(tenant.billingProfile.defaultAddress.country);
  const readyAt = now + context.settings.provisioningDelayMs;
  const start = startOfUtcDay(now);
  const groups = [...new Set(cart.lineItems.map((line) => line.orderGroup))];
  return groups.map((group) => {
    const lines = cart.lineItems.filter((line) => line.orderGroup === group);
    const orderId = randomBytes(16).toString('base64url');
    const subscriptions: Subscription[] = [];
    const order: Order = {
      id: orderId,
      alternateId: randomBytes(6).toString('hex'),
      referenceCustomerId: tenant.id,
      cartId: cart.id,
      billingCycle: lines[0].billingCycle,
      currencyCode: currency.code,
      currencySymbol: currency.symbol,
      creationDate: new Date(now).toISOString(),
      completesAt: readyAt,
      transactionType: 'UserPurchase',
      partnerOnRecordAttestationAccepted: cart.partnerOnRecordAttestationAccepted,
      lineItems: lines.map((line, index) => {
        const reseller = line.participants.find((participant) => participant.key === 'transaction_reseller')?.value;
        const item = context.state.catalog.item(line.catalogItemId);
        const subscriptionId = randomUUID();
        subscriptions.push({
          id: subscriptionId,
          entitlementId: randomUUID(),
          customerId: tenant.id,
          orderId,
          offerId: line.catalogItemId,
          offerName: item?.sku.title ?? line.catalogItemId,
          productId: item?.product.id ?? '',
          skuId: item?.sku.id ?? '',
          availabilityId: item?.availability.id ?? '',
          // Partner Center echoes the friendly name; DESIGN uses it to find orders after an unknown outcome.
          friendlyName: line.friendlyName ?? item?.sku.title ?? line.catalogItemId,
          quantity: line.quantity,
          creationDate: new Date(now).toISOString(),
          effectiveStartDate: dayString(start),
          billingCycleEndDate: dayString(billingCycleEndDate(start, line.billingCycle, line.termDuration)),
          ...purchaseLifecycle(line.quantity, now, start, line.termDuration),
          activeAt: readyAt,
          autoRenewEnabled: true,
          billingCycle: line.billingCycle,
          termDuration: line.termDuration,
          renewalTermDuration: line.renewsTo?.termDuration,
          partnerId: reseller,
          promotionId: line.promotionId,
          attestationAccepted: line.attestationAccepted,
          etagVersion: 1,
        });
        return {
          lineItemNumber: index,
          offerId: line.catalogItemId,
          subscriptionId,
          termDuration: line.termDuration,
          renewsTo: line.renewsTo,
          transactionType: 'new' as const,
          friendlyName: line.friendlyName,
          quantity: line.quantity,
          promotionId: line.promotionId,
          customTermEndDate: line.customTermEndDate,
          partnerIdOnRecord: reseller,
          additionalPartnerIdsOnRecord: line.participants
            .filter((participant) => participant.key === 'additional_transaction_reseller')
            .map((participant) => participant.value),
          provisioningContext: line.provisioningContext,
          attestationAccepted: line.attestationAccepted,
        };
      }),
    };
    return { order, subscriptions };
  });
}

/**
 * Checkout is idempotent per cart (partner-center-api.md §2.2, revised): a second checkout of an Ordered
 * cart, whatever its MS-RequestId, re-iterates the first result. 800065 stays for an update of a
 * submitted cart (PUT) and for an Ordered cart whose first result was not kept (a checkout sent without
 * MS-RequestId).
 */
function replayOrReject(context: SimContext, request: FastifyRequest, reply: FastifyReply, cart: Cart): FastifyReply | undefined {
  const operation = checkoutOperation(cart.id);
  const stored =
    context.state.idempotency.get(operation, requestState(request).requestId) ??
    (cart.status === 'Ordered' ? context.state.idempotency.get(operation, FIRST_RESULT) : undefined);
  if (stored !== undefined) return reply.code(stored.status).type('application/json; charset=utf-8').send(stored.payload);
  if (cart.status === 'Ordered')
    throw new SimulatedApiError(400, 800065, 'Cannot check out an already submitted cart.', { isRetryable: false });
  return undefined;
}

/** Key under which the first checkout result of a cart is kept for replays with another MS-RequestId. */
const FIRST_RESULT = 'first-result';

/** 404 400019 when an item stopped being sold after the cart was built; 800009 with the line errors. */
function checkLines(context: SimContext, cart: Cart): void {
  const withErrors = cart.lineItems.filter((line) => line.error !== undefined);
  if (withErrors.length > 0) {
    // The line errors travel in `data` (shape assumed: Microsoft documents the code, not the payload).
    const data = withErrors.map((line) => ({
      lineItemId: line.id,
      catalogItemId: line.catalogItemId,
      errorCode: line.error?.errorCode,
      errorDescription: line.error?.errorDescription,
    }));
    throw new SimulatedApiError(400, 800009, 'Error in cart item(s): fix the line items that carry an error and try again.', {
      isRetryable: false,
      data,
    });
  }
  const gone = cart.lineItems.find((line) => !context.state.catalog.isPurchasable(line.catalogItemId));
  if (gone !== undefined) {
    throw new SimulatedApiError(
      404,
      400019,
      `Availability not found for ${gone.catalogItemId}: issue a new GET for the catalog item and retry.`,
      { isRetryable: false },
    );
  }
}

export const registerCheckoutRoutes: RouteRegistrar = (app, context) => {
  const anyToken = authGuard(context, 'partner-center');

  app.post('/v1/customers/:customerId/carts/:cartId/checkout', { onRequest: [anyToken, markInFlight(context)] }, async (request, reply) => {
    const customerId = param(request, 'customerId');
    // The relationship check is the first checkout gate; when it is switched off, only existence counts.
    const tenant = context.settings.checkoutGates.includes('relationship')
      ? customerWithRelationship(context, customerId)
      : context.state.tenants.byId(customerId);
    if (tenant === undefined) throw customerNotFound(customerId);
    const cart = liveCart(context, tenant.id, param(request, 'cartId'));
    const early = replayOrReject(context, request, reply, cart);
    if (early !== undefined) return early;
    checkLines(context, cart);
    runCheckoutGates(context, tenant, cart);
    if (context.settings.checkoutProcessingMs > 0) {
      await context.delays.wait(context.settings.checkoutProcessingMs);
      // The mark may have been released by an aborted client meanwhile: never commit twice.
      const late = replayOrReject(context, request, reply, cart);
      if (late !== undefined) return late;
    }
    const state = requestState(request);
    const now = context.now();
    const created = buildOrders(context, tenant, cart, now);
    for (const { order, subscriptions } of created) context.state.commerce.addOrder(order, subscriptions);
    cart.status = 'Ordered';
    cart.orderIds = created.map(({ order }) => order.id);
    cart.lastModifiedTimestamp = new Date(now).toISOString();
    const payload = JSON.stringify({ orders: created.map(({ order }) => orderView(order, now)), orderErrors: [] });
    if (!state.requestIdGenerated) {
      context.state.idempotency.put(checkoutOperation(cart.id), state.requestId, { status: 201, payload });
      context.state.idempotency.put(checkoutOperation(cart.id), FIRST_RESULT, { status: 201, payload });
    }
    context.state.ledger.recordCheckout({
      customerId: tenant.id,
      cartId: cart.id,
      requestId: state.requestId,
      correlationId: state.correlationId,
      at: new Date(now).toISOString(),
    });
    return reply.code(201).type('application/json; charset=utf-8').send(payload);
  });
};
