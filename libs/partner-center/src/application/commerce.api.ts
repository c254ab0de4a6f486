import type { CallContext } from '../domain/common.model';
import type {
  Cart,
  CartCheckoutResult,
  CheckoutReconciliation,
  CreateCartRequest,
  Order,
  OrderLineItemProvisioningStatus,
  Subscription,
  SubscriptionUpdate,
} from '../domain/commerce.model';
import type { PartnerCenterTransport } from './transport.port';
import type { HttpMethod } from './route';
import { type CallSpec, partnerCenterCall } from './call-builder';
import { collectPartnerCenterPages } from './paging';

const call = (method: HttpMethod, template: string, spec: CallSpec) => partnerCenterCall('commerce', method, template, spec);

/** Carts, orders and subscriptions: the `commerce` dependency (app-only; both flows work). */
export class CommerceApi {
  constructor(private readonly transport: PartnerCenterTransport) {}

  async createCart(customerId: string, cart: CreateCartRequest, context?: CallContext): Promise<Cart> {
    const spec = { params: { id: customerId }, body: cart, context, customerId };
    return (await this.transport.send<Cart>(call('POST', '/v1/customers/{id}/carts', spec))).body;
  }

  async getCart(customerId: string, cartId: string, context?: CallContext): Promise<Cart> {
    const spec = { params: { id: customerId, cartId }, context, customerId };
    return (await this.transport.send<Cart>(call('GET', '/v1/customers/{id}/carts/{cartId}', spec))).body;
  }

  /**
   * Checkout (no body). Pass the MS-RequestId recorded with the checkout intent: after a timeout the
   * same id is resent. 800064/800065 or an unknown outcome are resolved with `reconcileCheckout`.
   */
  async checkoutCart(customerId: string, cartId: string, context: CallContext & { requestId: string }): Promise<CartCheckoutResult> {
    const spec = { params: { id: customerId, cartId }, context, customerId };
    const response = await this.transport.send<CartCheckoutResult>(call('POST', '/v1/customers/{id}/carts/{cartId}/checkout', spec));
    return { orders: response.body?.orders ?? [], orderErrors: response.body?.orderErrors ?? [] };
  }

  async getOrder(customerId: string, orderId: string, context?: CallContext): Promise<Order> {
    const spec = { params: { id: customerId, orderId }, context, customerId };
    return (await this.transport.send<Order>(call('GET', '/v1/customers/{id}/orders/{orderId}', spec))).body;
  }

  async listOrders(customerId: string, context?: CallContext): Promise<Order[]> {
    const spec = { params: { id: customerId }, context, customerId };
    return collectPartnerCenterPages<Order>(this.transport, call('GET', '/v1/customers/{id}/orders', spec));
  }

  async getOrderProvisioningStatus(customerId: string, orderId: string, context?: CallContext): Promise<OrderLineItemProvisioningStatus[]> {
    const spec = { params: { id: customerId, orderId }, context, customerId };
    const template = '/v1/customers/{id}/orders/{orderId}/provisioningstatus';
    return collectPartnerCenterPages<OrderLineItemProvisioningStatus>(this.transport, call('GET', template, spec));
  }

  async listSubscriptionsByOrder(customerId: string, orderId: string, context?: CallContext): Promise<Subscription[]> {
    const spec = { params: { id: customerId }, query: { order_id: orderId }, context, customerId };
    return collectPartnerCenterPages<Subscription>(this.transport, call('GET', '/v1/customers/{id}/subscriptions', spec));
  }

  async getSubscription(customerId: string, subscriptionId: string, context?: CallContext): Promise<Subscription> {
    const spec = { params: { id: customerId, subscriptionId }, context, customerId };
    return (await this.transport.send<Subscription>(call('GET', '/v1/customers/{id}/subscriptions/{subscriptionId}', spec))).body;
  }

  /**
   * Changes licences, auto-renew or cancels (status deleted) with PATCH. Microsoft documents the body as the full
   * subscription resource with the changed fields and shows If-Match with the etag (change-the-quantity-of-a-subscription,
   * cancel-an-azure-marketplace-subscription), so the subscription is read first (its own MS-RequestId) and sent
   * back with the update applied. The PATCH carries the caller's MS-RequestId, recorded with the change intent:
   * after a timeout the same id is resent and Partner Center answers with the first result instead of applying
   * the change again. Refusals are classified with `subscriptionChangeRefusal`.
   */
  async updateSubscription(
    customerId: string,
    subscriptionId: string,
    update: SubscriptionUpdate,
    context: CallContext & { requestId: string },
  ): Promise<Subscription> {
    const current = await this.getSubscription(customerId, subscriptionId, { correlationId: context.correlationId });
    const body: Subscription = { ...current, ...definedFields(update) };
    const etag = current.attributes?.etag;
    const request = call('PATCH', '/v1/customers/{id}/subscriptions/{subscriptionId}', {
      params: { id: customerId, subscriptionId },
      body,
      context,
      customerId,
    });
    const response = await this.transport.send<Subscription>(etag === undefined ? request : { ...request, headers: { 'If-Match': etag } });
    return response.body;
  }

  /**
   * After an unknown checkout outcome (timeout, 5xx, 800064, 800065) read the cart back instead of
   * checking out blindly: `Ordered` → the orders whose line items carry one of our friendlyNames
   * (empty while Partner Center has not made them readable yet: poll again); `Active` → the caller may
   * check out again with the same MS-RequestId. Never a new cart.
   */
  async reconcileCheckout(
    customerId: string,
    cartId: string,
    friendlyNames: readonly string[],
    context?: CallContext,
  ): Promise<CheckoutReconciliation> {
    // Reads get their own MS-RequestIds; the checkout's id must not be reused on them.
    const readContext = { correlationId: context?.correlationId };
    const cart = await this.getCart(customerId, cartId, readContext);
    if (cart.status !== 'Ordered') return { state: 'active', cart };
    const wanted = new Set(friendlyNames);
    const orders = await this.listOrders(customerId, readContext);
    const ours = orders.filter((order) =>
      (order.lineItems ?? []).some((line) => line.friendlyName !== undefined && wanted.has(line.friendlyName)),
    );
    return { state: 'ordered', cart, orders: ours };
  }
}

function definedFields(update: SubscriptionUpdate): SubscriptionUpdate {
  return Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined)) as SubscriptionUpdate;
}
