import { type CatalogPlan, CatalogQuery } from '@nce/catalog';
import { CommitOrderChange } from '@nce/orders';
import { FakeClock } from './clock.fakes';
import { InMemoryOrderEventStore, InMemoryOrderRepository, RecordingEventSink } from './orders.fakes';
import { InMemoryOutbox } from './outbox.fakes';
import { InMemoryUnitOfWork } from './unit-of-work.fakes';

export interface InMemoryOrdersContext {
  unitOfWork: InMemoryUnitOfWork;
  orders: InMemoryOrderRepository;
  events: InMemoryOrderEventStore;
  outbox: InMemoryOutbox;
  commit: CommitOrderChange;
  sink: RecordingEventSink;
  clock: FakeClock;
}

/** The orders context's persistence in memory, wired the way the real one is. */
export function inMemoryOrdersContext(start?: Date | string): InMemoryOrdersContext {
  const unitOfWork = new InMemoryUnitOfWork();
  const events = new InMemoryOrderEventStore();
  const orders = new InMemoryOrderRepository(events);
  const outbox = new InMemoryOutbox();
  return {
    unitOfWork,
    orders,
    events,
    outbox,
    commit: new CommitOrderChange(orders, events, outbox),
    sink: new RecordingEventSink(),
    clock: new FakeClock(start),
  };
}

/** The catalog read side over a fixed list of plans. */
export function catalogOf(plans: CatalogPlan[]): CatalogQuery {
  return new CatalogQuery({ replaceAll: async () => undefined, listAll: async () => plans });
}

/** A plan as the catalog holds it: Microsoft 365 Business Basic, P1Y monthly, 1 to 300 licences. */
export function aPlan(patch: Partial<CatalogPlan> = {}): CatalogPlan {
  return {
    catalogItemId: 'CFQ7TTC0LH18:0001:CFQ7TTC0K971',
    productId: 'CFQ7TTC0LH18',
    skuId: '0001',
    title: 'Microsoft 365 Business Basic',
    segment: 'commercial',
    termDuration: 'P1Y',
    billingCycle: 'monthly',
    minQuantity: 1,
    maxQuantity: 300,
    requiresOfferAttestation: false,
    msPrice: { unitPrice: 6, erpPrice: 7.2, currency: 'USD' },
    ...patch,
  };
}
