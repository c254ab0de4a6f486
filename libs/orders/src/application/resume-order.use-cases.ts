import { type Principal, canSee } from '@nce/contracts';
import type { UnitOfWork } from '@nce/persistence';
import { type Order, type OrderChange, type Signatory, resumeOrder } from '../domain/order.model';
import type { CommitOrderChange } from './commit-order-change.use-case';
import type { OrderEventSink } from './order-event-sink';
import { OrderForbiddenError, OrderNotFoundError } from '../domain/order.errors';
import type { OrderRepository, OrderingParties } from './orders.ports';

interface Deps {
  unitOfWork: UnitOfWork;
  orders: OrderRepository;
  parties: OrderingParties;
  commit: CommitOrderChange;
  eventSink: OrderEventSink;
  onCommitted?: () => void;
  clock?: () => Date;
}

/** Locks the order, applies `change`, commits before replying (the order is in_progress in the reply). */
async function changeOrder(
  deps: Deps,
  principal: Principal,
  orderId: string,
  change: (order: Order, now: Date) => Promise<OrderChange>,
): Promise<Order> {
  const { order, events } = await deps.unitOfWork.transaction(async (tx) => {
    const current = /^[0-9a-f-]{36}$/i.test(orderId) ? await deps.orders.findById(orderId, { tx, forUpdate: true }) : null;
    if (!current || !canSee(principal, current)) throw new OrderNotFoundError(orderId);
    const now = deps.clock?.() ?? new Date();
    const next = await change(current, now);
    return { order: next.order, events: await deps.commit.execute(tx, next, { isNew: false, now }) };
  });
  deps.onCommitted?.();
  deps.eventSink.committed(events);
  return order;
}

/** POST /v1/orders/{id}/resume: "I have done it" — re-check the parked (or delayed) step now. */
export class ResumeOrder {
  constructor(private readonly deps: Deps) {}

  execute(principal: Principal, orderId: string): Promise<Order> {
    return changeOrder(this.deps, principal, orderId, async (order, now) => resumeOrder(order, null, {}, now));
  }
}

/**
 * POST /v1/orders/{id}/mca-attestation: the signatory of the MCA attestation. Customers may post it
 * only when their partner allows it (customerMcaAttestation); the partner always may.
 */
export class PostMcaAttestation {
  constructor(private readonly deps: Deps) {}

  execute(principal: Principal, orderId: string, signatory: Signatory): Promise<Order> {
    return changeOrder(this.deps, principal, orderId, async (order, now) => {
      if (principal.role === 'customer') {
        const partner = await this.deps.parties.findPartner(order.partnerId);
        if (!partner?.settings.customerMcaAttestation) {
          throw new OrderForbiddenError(
            'Your partner confirms the Microsoft Customer Agreement for you; it has not enabled customer attestation',
          );
        }
      }
      return resumeOrder(order, ['mca_attestation'], { mcaSignatory: signatory, attestedBy: principal.role }, now);
    });
  }
}
