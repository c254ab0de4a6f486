// In-memory fakes for unit specs: no MySQL, Redis or Nest behind any of them.
export { FakeClock } from './clock.fakes';
export { FakeTransaction, InMemoryUnitOfWork, assertReadable, writeIn, type TransactionMode } from './unit-of-work.fakes';
export { InMemoryOutbox } from './outbox.fakes';
export {
  InMemoryIdempotencyStore,
  InMemoryOrderEventStore,
  InMemoryOrderRepository,
  InMemoryOrderingParties,
  RecordingEventSink,
} from './orders.fakes';
export { InMemoryCommerce, partnerCenterError, scriptedPort, type CheckoutFault, type PortCall } from './partner-center.fakes';
export { aPlan, catalogOf, inMemoryOrdersContext, type InMemoryOrdersContext } from './orders-context.fakes';
export { InMemoryAdminCredentialStore, InMemoryCustomerRepository, InMemoryPartnerRepository, aCustomer, aPartner } from './accounts.fakes';
export { FakeStepContext } from './step-context.fakes';
export { NEW_ACCOUNT, anOrder, anOrderOn } from './order-builders.fakes';
export { InMemoryCustomerGdapRepository } from './gdap.fakes';
export {
  FakeSubscriptionPartnerCenter,
  InMemoryChangeEvents,
  InMemoryChanges,
  InMemoryCopies,
  InMemoryKnown,
} from './subscription-changes.fakes';
export { waitFor } from '../wait';
