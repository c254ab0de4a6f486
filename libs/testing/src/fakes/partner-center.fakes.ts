import {
  type Cart,
  type CartCheckoutResult,
  type CheckoutReconciliation,
  type CreateCartRequest,
  type Order,
  PartnerCenterError,
  type Subscription,
} from '@nce/partner-center';
import type { RetryClass } from '@nce/resilience';

export interface PortCall {
  method: string;
  args: unknown[];
}

/**
 * A Partner Center port (a Pick of the client) answering from `script`; every call is recorded and
 * a method the script lacks fails loudly, so a spec states each call its step may make.
 */
export function scriptedPort<T extends object>(script: Partial<T>): T & { calls: PortCall[]; callsTo(method: keyof T): unknown[][] } {
  const calls: PortCall[] = [];
  const callsTo = (method: keyof T): unknown[][] => calls.filter((call) => call.method === method).map((call) => call.args);
  return new Proxy(script as T & { calls: PortCall[]; callsTo(method: keyof T): unknown[][] }, {
    get(target, property) {
      if (property === 'calls') return calls;
      if (property === 'callsTo') return callsTo;
      if (property === 'then') return undefined;
      const handler = (target as Record<string | symbol, unknown>)[property];
      if (typeof handler !== 'function') {
        return (...args: unknown[]) => {
          calls.push({ method: String(property), args });
          return Promise.reject(new Error(`Unexpected Partner Center call ${String(property)}`));
        };
      }
      return (...args: unknown[]) => {
        calls.push({ method: String(property), args });
        return (handler as (...inner: unknown[]) => unknown)(...args);
      };
    },
  });
}

/** A classified Partner Center error as the client raises it (status and retry class as it would classify them). */
export function partnerCenterError(
  code: string,
  options: { httpStatus?: number | null; retryClass?: RetryClass; description?: string } = {},
): PartnerCenterError {
  return new PartnerCenterError({
    httpStatus: options.httpStatus === undefined ? 400 : options.httpStatus,
    code,
    description: options.description ?? `error ${code}`,
    retryClass: options.retryClass ?? 'permanent',
    source: 'partner_center',
  });
}

/** What the next checkout does: answer, fail before Microsoft commits, or commit and then lose the answer. */
export type CheckoutFault =
  | { kind: 'refuse'; error: PartnerCenterError }
  | { kind: 'lost_before_commit'; error: PartnerCenterError }
  | { kind: 'lost_after_commit'; error: PartnerCenterError };

/**
 * Microsoft's cart and checkout in memory, with the behaviour the subscription step relies on: a
 * checkout is replayed for the same MS-RequestId, a submitted cart reads back as Ordered with its
 * orders, subscriptions turn active after `activationReads` reads.
 */
export class InMemoryCommerce {
  readonly carts = new Map<string, Cart>();
  readonly orders: Array<Order & { tenantId: string; cartId: string; requestId: string }> = [];
  readonly checkouts: Array<{ cartId: string; requestId: string }> = [];
  readonly faults: CheckoutFault[] = [];
  /** Subscription reads before a new subscription turns active. */
  activationReads = 0;
  private readonly reads = new Map<string, number>();
  private sequence = 0;

  createCart = async (_tenantId: string, request: CreateCartRequest): Promise<Cart> => {
    const cart: Cart = { id: `cart-${++this.sequence}`, status: 'Active', lineItems: request.lineItems.map((line) => ({ ...line })) };
    this.carts.set(cart.id, cart);
    return structuredClone(cart);
  };

  getCart = async (_tenantId: string, cartId: string): Promise<Cart> => {
    const cart = this.carts.get(cartId);
    if (!cart) throw new Error(`No cart ${cartId}`);
    return structuredClone(cart);
  };

  checkoutCart = async (tenantId: string, cartId: string, context: { requestId: string }): Promise<CartCheckoutResult> => {
    this.checkouts.push({ cartId, requestId: context.requestId });
    const replayed = this.orders.filter((order) => order.requestId === context.requestId);
    if (replayed.length > 0)
      return { orders: replayed.map(({ tenantId: _t, cartId: _c, requestId: _r, ...order }) => order), orderErrors: [] };
    const fault = this.faults.shift();
    if (fault?.kind === 'refuse' || fault?.kind === 'lost_before_commit') throw fault.error;
    const cart = this.carts.get(cartId);
    if (!cart) throw new Error(`No cart ${cartId}`);
    if (cart.status === 'Ordered')
      throw partnerCenterError('800065', { httpStatus: 400, retryClass: 'permanent', description: 'cart already submitted' });
    cart.status = 'Ordered';
    const order = {
      id: `pc-order-${++this.sequence}`,
      status: 'completed',
      tenantId,
      cartId,
      requestId: context.requestId,
      lineItems: cart.lineItems.map((line, index) => ({
        lineItemNumber: index,
        offerId: line.catalogItemId,
        quantity: line.quantity,
        friendlyName: line.friendlyName,
        termDuration: line.termDuration,
      })),
    };
    this.orders.push(order);
    if (fault?.kind === 'lost_after_commit') throw fault.error;
    const { tenantId: _t, cartId: _c, requestId: _r, ...answer } = order;
    return { orders: [answer], orderErrors: [] };
  };

  reconcileCheckout = async (tenantId: string, cartId: string, friendlyNames: readonly string[]): Promise<CheckoutReconciliation> => {
    const cart = await this.getCart(tenantId, cartId);
    if (cart.status !== 'Ordered') return { state: 'active', cart };
    const ours = this.orders.filter(
      (order) =>
        order.tenantId === tenantId &&
        order.lineItems.some((line) => line.friendlyName !== undefined && friendlyNames.includes(line.friendlyName)),
    );
    return { state: 'ordered', cart, orders: ours.map(({ tenantId: _t, cartId: _c, requestId: _r, ...order }) => order) };
  };

  listSubscriptionsByOrder = async (_tenantId: string, orderId: string): Promise<Subscription[]> => {
    const order = this.orders.find((candidate) => candidate.id === orderId);
    if (!order) return [];
    const reads = (this.reads.get(orderId) ?? 0) + 1;
    this.reads.set(orderId, reads);
    return order.lineItems.map((line) => ({
      id: `sub-${orderId}-${line.lineItemNumber}`,
      offerId: line.offerId,
      quantity: line.quantity,
      status: reads > this.activationReads ? 'active' : 'pending',
      termDuration: line.termDuration,
      billingCycle: 'monthly',
      commitmentEndDate: '2027-11-25',
    }));
  };

  listAvailabilities = async (): Promise<Array<{ id: string; isPurchasable?: boolean }>> => [];
}
