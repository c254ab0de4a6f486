import { randomUUID } from 'node:crypto';
import type { CatalogQuery } from '@nce/catalog';
import { JOB_NAMES, gdapCheckJobId } from '@nce/contracts';
import {
  type Order,
  type OrderSubscription,
  type StepContext,
  type StepHandler,
  type StepOutcome,
  type SubscriptionProgress,
  recheckDelay,
  tenantOf,
} from '@nce/orders';
import { type PartnerCenterClient, PC_ERROR, isPartnerCenterError } from '@nce/partner-center';
import { CHECKOUT_REFUSALS, UNDER_REVIEW_CODES, catalogFailure, lineFriendlyName } from '../domain/checkout-failures.mapper';
import { backoffDelay } from '@nce/resilience';

export type SubscriptionsPartnerCenter = Pick<
  PartnerCenterClient,
  'createCart' | 'checkoutCart' | 'reconcileCheckout' | 'listSubscriptionsByOrder' | 'getCart' | 'listAvailabilities'
>;

export interface SubscriptionStepSettings {
  pollMs: number;
  recheckBaseMs: number;
  /** Country of the synced catalog: where a plan that Partner Center no longer finds is looked up again. */
  catalogCountry: string;
  recheckMaxMs: number;
  /** The partner's channel and MPN id (transaction_reseller in the indirect channel). */
  partnerOf(partnerId: string): Promise<{ channel: 'direct' | 'indirect'; mpnId: string | null } | null>;
}

export const PORTAL_URL = 'https://admin.microsoft.com';

/**
 * The subscription step (DESIGN.md sections 3.4 and 4): one cart, one checkout, never two. The
 * intent (cart id, MS-RequestId) is committed before the checkout; after an unknown outcome the cart
 * is read back: Ordered → the orders are found by friendlyName; Active → the same MS-RequestId is sent again.
 */
type Outcome = StepOutcome<SubscriptionProgress>;
type Context = StepContext<SubscriptionProgress>;

export class RunSubscriptionStep implements StepHandler<'subscription'> {
  readonly step = 'subscription' as const;

  constructor(
    private readonly partnerCenter: SubscriptionsPartnerCenter,
    private readonly catalog: CatalogQuery,
    private readonly settings: SubscriptionStepSettings,
  ) {}

  async run(order: Order, context: Context): Promise<Outcome> {
    const tenantId = tenantOf(order);
    let orderIds = order.progress.partnerCenterOrderIds ?? null;
    if (!orderIds) {
      const checkedOut = await this.checkout(order, tenantId, context);
      if ('kind' in checkedOut) return checkedOut;
      orderIds = checkedOut.orderIds;
    }
    // The order ids travel with the outcome (no commit of their own): a run that crashes before it
    // commits re-sends the checkout with the same MS-RequestId, or reads the submitted cart back.
    const outcome = await this.awaitSubscriptions(order, tenantId, orderIds, context);
    return outcome.kind === 'poll' || outcome.kind === 'done'
      ? { ...outcome, progress: { ...outcome.progress, partnerCenterOrderIds: orderIds } }
      : outcome;
  }

  private async checkout(order: Order, tenantId: string, context: Context): Promise<{ orderIds: string[] } | Outcome> {
    const call = { correlationId: context.correlationId };
    let intent = order.checkoutIntent;
    if (!intent) {
      const cart = await this.partnerCenter.createCart(tenantId, await this.cartOf(order), call);
      intent = { cartId: cart.id, requestId: randomUUID(), at: new Date().toISOString() };
      // Committed before the checkout: from here the order cannot be cancelled and never gets a second cart.
      await context.saveProgress({ checkoutIntent: intent });
    }
    try {
      const result = await this.partnerCenter.checkoutCart(tenantId, intent.cartId, {
        requestId: intent.requestId,
        correlationId: context.correlationId,
      });
      if (result.orders.length === 0 && result.orderErrors.length > 0) {
        const first = result.orderErrors[0];
        return {
          kind: 'fail',
          code: `CHECKOUT_ORDER_ERROR_${first.code}`,
          message: first.description,
          howToFix: 'Check the order in Partner Center; an operator can retry it',
        };
      }
      return { orderIds: result.orders.map((placed) => placed.id) };
    } catch (error) {
      const refusal = isPartnerCenterError(error) && error.retryClass === 'permanent' ? CHECKOUT_REFUSALS[error.code] : undefined;
      if (refusal) return { kind: 'fail', ...refusal };
      if (isPartnerCenterError(error, PC_ERROR.availabilityNotFound) || isPartnerCenterError(error, PC_ERROR.cartLineErrors)) {
        return this.catalogProblem(order, tenantId, intent.cartId, call);
      }
      if (isPartnerCenterError(error) && UNDER_REVIEW_CODES.has(error.code)) {
        const checks = order.progress.reviewChecks ?? 0;
        return {
          kind: 'delay',
          reason: 'account_under_review',
          retryInMs: recheckDelay(checks, this.settings),
          progress: { reviewChecks: checks + 1 },
        };
      }
      // Sent but unanswered (timeout, 5xx, 800064) or already submitted: read the cart back. Errors raised
      // before sending (breaker open, budget) are rethrown as they are.
      const unknownOutcome =
        isPartnerCenterError(error) && (error.retryClass === 'transient' || error.code === PC_ERROR.cartAlreadySubmitted);
      if (!unknownOutcome) throw error;
      const reconciled = await this.partnerCenter.reconcileCheckout(
        tenantId,
        intent.cartId,
        order.items.map((_item, index) => lineFriendlyName(order.id, index + 1)),
        call,
      );
      if (reconciled.state === 'active') {
        // 800060/800064: Microsoft is still working on it; come back later with the same MS-RequestId
        // (no attempt burned). Anything else not submitted: the retry sends the same MS-RequestId.
        if (isPartnerCenterError(error, PC_ERROR.orderInProgress) || isPartnerCenterError(error, PC_ERROR.cartBeingProcessed)) {
          const busy = order.progress.checkoutBusyChecks ?? 0;
          return {
            kind: 'poll',
            retryInMs:
              backoffDelay(busy + 1, { baseMs: this.settings.pollMs * 10, maxMs: this.settings.recheckMaxMs, jitter: 'full' }) +
              this.settings.pollMs,
            progress: { checkoutBusyChecks: busy + 1 },
          };
        }
        throw error;
      }
      if (reconciled.orders.length === 0) return { kind: 'poll', retryInMs: this.settings.pollMs };
      return { orderIds: reconciled.orders.map((placed) => placed.id) };
    }
  }

  /**
   * 400019 / 800009: nothing was ordered. Read the cart's line errors and the catalog again, and fail
   * with a reason the customer understands (the plan is no longer sold, or what the line says).
   */
  private async catalogProblem(order: Order, tenantId: string, cartId: string, call: { correlationId: string }): Promise<Outcome> {
    const cart = await this.partnerCenter.getCart(tenantId, cartId, call).catch(() => null);
    const lineErrors = (cart?.lineItems ?? [])
      .filter((line) => line.error !== undefined)
      .map((line) => ({
        catalogItemId: line.catalogItemId,
        errorCode: String(line.error?.errorCode),
        description: line.error?.errorDescription,
      }));
    const gone: string[] = [];
    for (const item of order.items) {
      const [productId, skuId, availabilityId] = item.catalogItemId.split(':');
      if (!productId || !skuId || !availabilityId) continue;
      const availabilities = await this.partnerCenter
        .listAvailabilities(productId, skuId, { country: this.settings.catalogCountry }, call)
        .catch(() => null);
      const current = availabilities?.find((availability) => availability.id.toUpperCase() === availabilityId.toUpperCase());
      if (availabilities !== null && (current === undefined || current.isPurchasable === false)) gone.push(item.catalogItemId);
    }
    return { kind: 'fail', ...catalogFailure(gone, lineErrors) };
  }

  private async awaitSubscriptions(order: Order, tenantId: string, orderIds: string[], context: Context): Promise<Outcome> {
    const call = { correlationId: context.correlationId };
    const lists = await Promise.all(orderIds.map((id) => this.partnerCenter.listSubscriptionsByOrder(tenantId, id, call)));
    const subscriptions: OrderSubscription[] = lists.flat().map((subscription) => ({
      id: subscription.id,
      catalogItemId: subscription.offerId,
      status: subscription.status,
      quantity: subscription.quantity,
      termDuration: subscription.termDuration ?? '',
      billingCycle: subscription.billingCycle ?? '',
      commitmentEndDate: subscription.commitmentEndDate ?? null,
    }));
    const allActive = subscriptions.length >= order.items.length && subscriptions.every((subscription) => subscription.status === 'active');
    if (!allActive) {
      const polls = order.progress.provisioningPolls ?? 0;
      return {
        kind: 'poll',
        retryInMs: backoffDelay(polls + 1, {
          baseMs: this.settings.pollMs,
          maxMs: Math.min(30_000, this.settings.pollMs * 16),
          jitter: 'none',
        }),
        progress: { provisioningPolls: polls + 1 },
      };
    }
    return {
      kind: 'done',
      subscriptions,
      portalUrl: PORTAL_URL,
      commands: [
        {
          name: JOB_NAMES.gdapCheck,
          jobId: gdapCheckJobId(order.customerId, { reason: 'order_completed', orderId: order.id }),
          data: { customerId: order.customerId, reason: 'order_completed', correlationId: order.id, orderId: order.id },
        },
        // Our copy of the new subscriptions (windows, auto-renew), so they can be changed at once.
        {
          name: JOB_NAMES.subscriptionSync,
          jobId: `subscription-sync-order-${order.id}`,
          data: {
            customerId: order.customerId,
            subscriptionIds: subscriptions.slice(0, 100).map((subscription) => subscription.id),
            reason: 'order_completed',
            correlationId: order.id,
          },
        },
      ],
    };
  }

  private async cartOf(order: Order): Promise<Parameters<SubscriptionsPartnerCenter['createCart']>[1]> {
    const partner = await this.settings.partnerOf(order.partnerId);
    const indirect = partner?.channel === 'indirect' && partner.mpnId;
    const lineItems = await Promise.all(
      order.items.map(async (item, index) => {
        const enforced = (await this.catalog.plansFor(item.catalogItemId)).some((plan) => plan.requiresOfferAttestation);
        return {
          id: index,
          catalogItemId: item.catalogItemId,
          friendlyName: lineFriendlyName(order.id, index + 1),
          quantity: item.quantity,
          termDuration: item.termDuration,
          billingCycle: item.billingCycle,
          ...(enforced ? { attestationAccepted: order.request.attestations.offer } : {}),
          ...(indirect ? { participants: [{ key: 'transaction_reseller' as const, value: partner.mpnId as string }] } : {}),
        };
      }),
    );
    return { lineItems, ...(indirect ? { partnerOnRecordAttestationAccepted: order.request.attestations.partnerOfRecord } : {}) };
  }
}
