// In-memory fakes for unit specs: no MySQL, Redis or Nest behind any of them.
export { FakeClock } from './fake-clock';
export { FakeTransaction, InMemoryUnitOfWork, assertReadable, writeIn, type TransactionMode } from './in-memory-unit-of-work';
export { InMemoryOutbox } from './in-memory-outbox';
export { InMemoryIdempotencyStore, InMemoryOrderEventStore, InMemoryOrderRepository, InMemoryOrderingParties, RecordingEventSink } from './in-memory-orders';
export { InMemoryCommerce, partnerCenterError, scriptedPort, type CheckoutFault, type PortCall } from './partner-center.fakes';
export { aPlan, catalogOf, inMemoryOrdersContext, type InMemoryOrdersContext } from './orders-context';
export { InMemoryAdminCredentialStore, InMemoryCustomerRepository, InMemoryPartnerRepository, aCustomer, aPartner } from './accounts.fakes';
export { FakeStepContext } from './step-context.fake';
export { NEW_ACCOUNT, anOrderOn } from './order-builders';
export { InMemoryCustomerGdapRepository } from './gdap.fakes';
export { waitFor } from '../wait';
