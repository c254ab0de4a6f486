import { CommitOrderChange } from '@nce/orders';
import { FakeClock } from './fake-clock';
import { InMemoryOrderEventStore, InMemoryOrderRepository, RecordingEventSink } from './in-memory-orders';
import { InMemoryOutbox } from './in-memory-outbox';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work';

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
  return { unitOfWork, orders, events, outbox, commit: new CommitOrderChange(orders, events, outbox), sink: new RecordingEventSink(), clock: new FakeClock(start) };
}
