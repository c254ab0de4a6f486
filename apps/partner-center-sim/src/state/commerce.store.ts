import type { Cart, Order, Subscription } from './commerce.model';

function push(index: Map<string, string[]>, key: string, value: string): void {
  const list = index.get(key);
  if (list === undefined) index.set(key, [value]);
  else list.push(value);
}

/** Carts, orders and subscriptions with per-customer and per-order indexes (no scans on reads). */
export class CommerceStore {
  readonly carts = new Map<string, Cart>();
  readonly orders = new Map<string, Order>();
  readonly subscriptions = new Map<string, Subscription>();
  private readonly ordersByCustomer = new Map<string, string[]>();
  private readonly subscriptionsByCustomer = new Map<string, string[]>();
  private readonly subscriptionsByOrder = new Map<string, string[]>();
  /** cartId → MS-RequestId of the checkout currently in flight on that cart. */
  readonly checkoutsInFlight = new Map<string, string>();

  cart(customerId: string, cartId: string): Cart | undefined {
    const cart = this.carts.get(cartId.toLowerCase());
    return cart !== undefined && cart.customerId === customerId ? cart : undefined;
  }

  addOrder(order: Order, subscriptions: Subscription[]): void {
    this.orders.set(order.id, order);
    push(this.ordersByCustomer, order.referenceCustomerId, order.id);
    for (const subscription of subscriptions) {
      this.subscriptions.set(subscription.id, subscription);
      push(this.subscriptionsByCustomer, subscription.customerId, subscription.id);
      push(this.subscriptionsByOrder, order.id, subscription.id);
    }
  }

  order(customerId: string, orderId: string): Order | undefined {
    const order = this.orders.get(orderId);
    return order !== undefined && order.referenceCustomerId === customerId ? order : undefined;
  }

  ordersOf(customerId: string): Order[] {
    return (this.ordersByCustomer.get(customerId) ?? [])
      .map((id) => this.orders.get(id))
      .filter((order): order is Order => order !== undefined);
  }

  subscription(customerId: string, subscriptionId: string): Subscription | undefined {
    const subscription = this.subscriptions.get(subscriptionId.toLowerCase());
    return subscription !== undefined && subscription.customerId === customerId ? subscription : undefined;
  }

  subscriptionsOf(customerId: string, orderId?: string): Subscription[] {
    const ids = orderId === undefined ? this.subscriptionsByCustomer.get(customerId) : this.subscriptionsByOrder.get(orderId);
    return (ids ?? [])
      .map((id) => this.subscriptions.get(id))
      .filter((subscription): subscription is Subscription => subscription !== undefined && subscription.customerId === customerId);
  }

  /** No checkout is in flight in a process that just started (one that was in flight died with the old process). */
  afterRestore(): void {
    this.checkoutsInFlight.clear();
  }

  clear(): void {
    this.carts.clear();
    this.orders.clear();
    this.subscriptions.clear();
    this.ordersByCustomer.clear();
    this.subscriptionsByCustomer.clear();
    this.subscriptionsByOrder.clear();
    this.checkoutsInFlight.clear();
  }
}
