import { randomUUID } from 'node:crypto';
import type { Principal } from '@nce/contracts';
import { type CatalogPlan, type CatalogQuery, customerPrice } from '@nce/catalog';
import type { UnitOfWork } from '@nce/persistence';
import { requestHash } from '../domain/canonical-json';
import { type PlanFacts, checkIntakeRules } from '../domain/intake-rules';
import { type Order, type OrderAccount, acceptOrder } from '../domain/order.model';
import type { CommitOrderChange } from './commit-order-change.use-case';
import {
  IdempotencyKeyInProgressError,
  IdempotencyKeyMismatchError,
  OrderConflictError,
  OrderForbiddenError,
  OrderNotFoundError,
  OrderValidationError,
} from '../domain/order.errors';
import type { OrderEventSink } from './order-event-sink';
import type { IdempotencyStore, OrderingCustomer, OrderingParties, OrderingPartner } from './orders.ports';
import { type SubmitOrderBody, submitOrderSchema, zodFieldErrors } from './submit-order.schema';

function withPrice(
  item: Order['items'][number],
  plans: readonly CatalogPlan[],
  pricing: OrderingPartner['settings']['pricing'],
): Order['items'][number] {
  const plan = plans.find(
    (candidate) =>
      candidate.catalogItemId === item.catalogItemId &&
      candidate.termDuration === item.termDuration &&
      candidate.billingCycle === item.billingCycle,
  );
  const price = plan ? customerPrice(plan, pricing) : null;
  return price ? { ...item, price } : item;
}

/**
 * The accepted order, or the response stored for the same idempotency key (sent again as it was,
 * with the id of the order it created).
 */
export type SubmitOrderResult =
  { replayed: false; order: Order } | { replayed: true; orderId: string; response: { status: number; body: string } };

/** The id of the order a stored response describes (the response is the presented order). */
function storedOrderId(body: string): string {
  const parsed = JSON.parse(body) as { id?: unknown };
  return typeof parsed.id === 'string' ? parsed.id : '';
}

/**
 * POST /v1/orders: validate (schema, scope, business rules), claim the idempotency key, then commit
 * the order, its `order.accepted` event, the account command and the stored response in ONE
 * transaction. Redis is not touched: the outbox relay publishes after commit.
 */
export class SubmitOrder {
  constructor(
    private readonly deps: {
      unitOfWork: UnitOfWork;
      parties: OrderingParties;
      catalog: CatalogQuery;
      idempotency: IdempotencyStore;
      commit: CommitOrderChange;
      /** The response stored under the idempotency key (a replay sends it again as it was). */
      present: (order: Order) => unknown;
      onCommitted?: () => void;
      eventSink?: OrderEventSink;
      clock?: () => Date;
    },
  ) {}

  async execute(principal: Principal, idempotencyKey: string, rawBody: unknown): Promise<SubmitOrderResult> {
    const parsed = submitOrderSchema.safeParse(rawBody);
    if (!parsed.success) throw new OrderValidationError(zodFieldErrors(parsed.error));
    const body = parsed.data;
    const { customer, partner } = await this.orderingParty(principal, body.customerId);
    await this.checkTenantLink(customer, body);
    const plans = await this.deps.catalog.listPlans();
    const byItem = new Map<string, PlanFacts[]>();
    for (const plan of plans) byItem.set(plan.catalogItemId, [...(byItem.get(plan.catalogItemId) ?? []), plan]);
    const { errors, segment } = checkIntakeRules(body, { channel: partner.channel, plansFor: (id) => byItem.get(id) ?? [] });
    if (errors.length > 0) throw new OrderValidationError(errors);

    const now = this.deps.clock?.() ?? new Date();
    const hash = requestHash(body);
    const claim = await this.deps.idempotency.begin(principal.apiKeyId, idempotencyKey, hash, now);
    if (claim.kind === 'replay')
      return { replayed: true, orderId: storedOrderId(claim.body), response: { status: claim.status, body: claim.body } };
    if (claim.kind === 'mismatch') throw new IdempotencyKeyMismatchError();
    if (claim.kind === 'in_progress') throw new IdempotencyKeyInProgressError();

    try {
      const order = this.newOrder(body, customer, segment, now);
      // The prices the customer agrees to now travel with the order (and its events and webhooks).
      order.items = order.items.map((item) => withPrice(item, plans, partner.settings.pricing));
      const change = acceptOrder(order);
      const responseBody = JSON.stringify(this.deps.present(change.order));
      // Write-only: the order, its event, its command and the stored response in one round trip.
      const events = await this.deps.unitOfWork.writeBatch(async (tx) => {
        const appended = await this.deps.commit.execute(tx, change, { isNew: true, now });
        await this.deps.idempotency.complete(tx, principal.apiKeyId, idempotencyKey, 202, responseBody);
        return appended;
      });
      this.deps.onCommitted?.();
      this.deps.eventSink?.committed(events);
      return { replayed: false, order: change.order };
    } catch (error) {
      await this.deps.idempotency.abandon(principal.apiKeyId, idempotencyKey).catch(() => undefined);
      throw error;
    }
  }

  private async orderingParty(principal: Principal, customerId: string): Promise<{ customer: OrderingCustomer; partner: OrderingPartner }> {
    if (principal.role === 'customer' && principal.customerId !== customerId) {
      throw new OrderForbiddenError('A customer key can only order for its own customer account');
    }
    const found = await this.deps.parties.findCustomerWithPartner(customerId);
    if (!found || (principal.role === 'partner' && found.customer.partnerId !== principal.partnerId)) {
      throw new OrderNotFoundError(customerId);
    }
    const { customer, partner } = found;
    if (principal.role === 'customer' && !partner.settings.customerSelfOrdering) {
      throw new OrderForbiddenError(
        'Your partner has not enabled customer self-ordering. Microsoft does not support customers placing CSP orders themselves; ask your partner to order for you or to opt in.',
      );
    }
    return { customer, partner };
  }

  private async checkTenantLink(customer: OrderingCustomer, body: SubmitOrderBody): Promise<void> {
    if (!customer.tenant) return;
    if (body.account.type === 'new') {
      throw new OrderConflictError(
        `The customer is already linked to the Microsoft tenant ${customer.tenant.domain}; order with that existing account`,
        'account.type',
      );
    }
    if (body.account.domain !== customer.tenant.domain) {
      throw new OrderConflictError(
        `The customer is linked to ${customer.tenant.domain}; orders cannot name another tenant`,
        'account.domain',
      );
    }
  }

  private newOrder(body: SubmitOrderBody, customer: OrderingCustomer, segment: 'commercial' | 'education', now: Date): Order {
    const account: OrderAccount =
      body.account.type === 'existing'
        ? {
            type: 'existing',
            domain: body.account.domain,
            relationshipConfirmed: body.account.relationshipConfirmed,
            customerTenantId: customer.tenant?.id,
          }
        : { ...body.account, domain: `${body.account.domainPrefix}.onmicrosoft.com` };
    return {
      id: randomUUID(),
      customerId: customer.id,
      partnerId: customer.partnerId,
      status: 'accepted',
      step: 'account',
      run: 1,
      items: body.items,
      account,
      request: {
        attestations: { partnerOfRecord: body.attestations?.partnerOfRecord ?? false, offer: body.attestations?.offer ?? false },
        mca: body.mca?.signatory ? { signatory: body.mca.signatory } : {},
        qualification: {
          stateOwnedEntity: body.qualification?.stateOwnedEntity ?? false,
          educationSegment: body.qualification?.educationSegment ?? null,
        },
        termsAccepted: true,
        segment,
        ...(body.reference ? { reference: body.reference } : {}),
        ...(body.priority === 'bulk' ? { priority: 'bulk' as const } : {}),
      },
      requiredAction: null,
      delay: null,
      failure: null,
      progress: {},
      checkoutIntent: null,
      subscriptions: [],
      portalUrl: null,
      parkedAt: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
  }
}
