import {
  type AccountsContext,
  AccountQueries,
  AuthenticateApiKey,
  CreateCustomer,
  CreateCustomerApiKey,
  LookupAccount,
  ManageApiKeys,
  PanelSessions,
  RevealAdminCredentials,
  SqlAdminCredentialStore,
  SqlApiKeyRepository,
  SqlCustomerRepository,
  SqlPanelSessionStore,
  SqlPartnerRepository,
  UpdatePartnerSettings,
  createAccountsContext,
} from '@nce/accounts';
import { CatalogQuery, createCatalogContext } from '@nce/catalog';
import { type AppConfig, APP_CONFIG } from '@nce/config';
import { type GdapContext, RequestGdapChecks, SqlCustomerGdapRepository, createGdapContext } from '@nce/gdap';
import { OutboxRelay, QueueRegistry } from '@nce/messaging';
import { RedisOrderEventSink } from '@nce/notifications';
import { MetricsRecorder } from '@nce/observability';
import { type PartnerCenterClient, connectPartnerCenter } from '@nce/partner-center';
import {
  CancelOrder,
  CommitOrderChange,
  type OrderEventSink,
  OrderQueries,
  type OrdersContext,
  OrderTimelineQuery,
  PostMcaAttestation,
  ResumeOrder,
  RetryFailedOrder,
  SqlIdempotencyStore,
  SqlOrderEventStore,
  SqlOrderRepository,
  SqlSubscriptionReadModel,
  SubmitOrder,
  SubscriptionQueries,
  createOrdersContext,
} from '@nce/orders';
import { SecretBox, SqlAuditLog, UnitOfWork } from '@nce/persistence';
import type { Redis } from 'ioredis';
import { Logger, type Provider } from '@nestjs/common';
import { IdempotencyJanitor } from './orders/idempotency-janitor';
import { OrderPresenter } from './orders/order.presenter';
import { PanelSessionPrincipals } from './panel/panel-session.principals';

/** Wakes live listeners after commits; the notifications context provides the Redis implementation. */
export const ORDER_EVENT_SINK = Symbol('ORDER_EVENT_SINK');
export const PARTNER_CENTER = Symbol('PARTNER_CENTER');
// Each context's object graph, built once by its lib's factory (the workers call the same factories).
const ACCOUNTS = Symbol('ACCOUNTS_CONTEXT');
const ORDERS = Symbol('ORDERS_CONTEXT');
const GDAP = Symbol('GDAP_CONTEXT');

/** A class token Nest injects, taken from a context's graph (so controllers keep injecting classes). */
function fromContext<C, T>(context: symbol, provide: abstract new (...args: never[]) => T, pick: (graph: C) => T): Provider {
  return { provide, inject: [context], useFactory: pick };
}

// Use cases are plain classes (framework-free libs); Nest only wires them here.
export const API_PROVIDERS: Provider[] = [
  // After commit, a wake-up per order on Redis pub/sub (SSE fan-out across API instances).
  {
    provide: ORDER_EVENT_SINK,
    inject: [QueueRegistry, APP_CONFIG],
    useFactory: (queues: QueueRegistry, config: AppConfig) => new RedisOrderEventSink(queues.connection, config.redis.queuePrefix),
  },
  { provide: SecretBox, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new SecretBox(config.security.encryptionKey.reveal()) },
  { provide: SqlAuditLog, inject: [UnitOfWork], useFactory: (uow: UnitOfWork) => new SqlAuditLog(uow.executor) },
  {
    provide: ACCOUNTS,
    inject: [UnitOfWork, SecretBox, SqlAuditLog],
    useFactory: (unitOfWork: UnitOfWork, secretBox: SecretBox, audit: SqlAuditLog) =>
      createAccountsContext({ unitOfWork, secretBox, audit }),
  },
  {
    provide: ORDERS,
    inject: [UnitOfWork, ORDER_EVENT_SINK, OutboxRelay, ACCOUNTS, SqlAuditLog, APP_CONFIG],
    useFactory: (
      unitOfWork: UnitOfWork,
      eventSink: OrderEventSink,
      relay: OutboxRelay,
      accounts: AccountsContext,
      audit: SqlAuditLog,
      config: AppConfig,
    ) =>
      createOrdersContext({
        unitOfWork,
        eventSink,
        onCommitted: () => relay.kick(),
        parties: accounts.parties,
        audit,
        idempotencyLockSeconds: config.api.idempotencyLockSeconds,
      }),
  },
  {
    provide: GDAP,
    inject: [UnitOfWork, ACCOUNTS, OutboxRelay],
    useFactory: (unitOfWork: UnitOfWork, accounts: AccountsContext, relay: OutboxRelay) =>
      createGdapContext({
        unitOfWork,
        linkedCustomerIds: (partnerId) => accounts.queries.linkedCustomerIds(partnerId),
        onCommitted: () => relay.kick(),
      }),
  },
  { provide: CatalogQuery, inject: [UnitOfWork], useFactory: (unitOfWork: UnitOfWork) => createCatalogContext({ unitOfWork }).query },
  fromContext(ACCOUNTS, SqlPartnerRepository, (accounts: AccountsContext) => accounts.partners),
  fromContext(ACCOUNTS, SqlCustomerRepository, (accounts: AccountsContext) => accounts.customers),
  fromContext(ACCOUNTS, SqlApiKeyRepository, (accounts: AccountsContext) => accounts.apiKeys),
  fromContext(ACCOUNTS, SqlAdminCredentialStore, (accounts: AccountsContext) => accounts.adminCredentials),
  fromContext(ACCOUNTS, AccountQueries, (accounts: AccountsContext) => accounts.queries),
  fromContext(ACCOUNTS, CreateCustomer, (accounts: AccountsContext) => accounts.createCustomer),
  fromContext(ACCOUNTS, CreateCustomerApiKey, (accounts: AccountsContext) => accounts.createCustomerApiKey),
  fromContext(ACCOUNTS, ManageApiKeys, (accounts: AccountsContext) => accounts.manageApiKeys),
  fromContext(ACCOUNTS, UpdatePartnerSettings, (accounts: AccountsContext) => accounts.updatePartnerSettings),
  fromContext(ACCOUNTS, RevealAdminCredentials, (accounts: AccountsContext) => accounts.revealAdminCredentials),
  fromContext(ORDERS, SqlOrderRepository, (orders: OrdersContext) => orders.orders),
  fromContext(ORDERS, SqlOrderEventStore, (orders: OrdersContext) => orders.events),
  fromContext(ORDERS, SqlIdempotencyStore, (orders: OrdersContext) => orders.idempotency),
  fromContext(ORDERS, CommitOrderChange, (orders: OrdersContext) => orders.commit),
  fromContext(ORDERS, OrderQueries, (orders: OrdersContext) => orders.queries),
  fromContext(ORDERS, CancelOrder, (orders: OrdersContext) => orders.cancel),
  fromContext(ORDERS, ResumeOrder, (orders: OrdersContext) => orders.resume),
  fromContext(ORDERS, PostMcaAttestation, (orders: OrdersContext) => orders.postMcaAttestation),
  fromContext(ORDERS, RetryFailedOrder, (orders: OrdersContext) => orders.retryFailedOrder),
  fromContext(ORDERS, OrderTimelineQuery, (orders: OrdersContext) => orders.timelineQuery),
  fromContext(GDAP, SqlCustomerGdapRepository, (gdap: GdapContext) => gdap.repository),
  fromContext(GDAP, RequestGdapChecks, (gdap: GdapContext) => gdap.requestChecks),
  {
    provide: AuthenticateApiKey,
    inject: [SqlApiKeyRepository],
    useFactory: (keys: SqlApiKeyRepository) =>
      new AuthenticateApiKey(keys, Date.now, (error) => new Logger('auth').warn(`last-used update failed: ${String(error)}`)),
  },
  {
    provide: PanelSessions,
    inject: [UnitOfWork, SqlCustomerRepository, APP_CONFIG],
    useFactory: (uow: UnitOfWork, customers: SqlCustomerRepository, config: AppConfig) =>
      new PanelSessions(new SqlPanelSessionStore(uow.executor), customers, {
        linkTtlSeconds: config.api.panelLinkTtlSeconds,
        sessionTtlSeconds: config.api.panelSessionTtlSeconds,
      }),
  },
  PanelSessionPrincipals,
  {
    provide: SubscriptionQueries,
    inject: [UnitOfWork],
    useFactory: (uow: UnitOfWork) => new SubscriptionQueries(new SqlSubscriptionReadModel(uow.executor)),
  },
  OrderPresenter,
  IdempotencyJanitor,
  {
    provide: PARTNER_CENTER,
    inject: [APP_CONFIG, QueueRegistry, MetricsRecorder, UnitOfWork, SecretBox],
    useFactory: (config: AppConfig, queues: QueueRegistry, metrics: MetricsRecorder, unitOfWork: UnitOfWork, secretBox: SecretBox) =>
      connectPartnerCenter(config.partnerCenter, {
        unitOfWork,
        secretBox,
        redis: queues.connection as Redis,
        queuePrefix: config.redis.queuePrefix,
        metrics,
      }),
  },
  {
    provide: LookupAccount,
    inject: [PARTNER_CENTER, APP_CONFIG, SqlCustomerRepository],
    useFactory: (client: PartnerCenterClient, config: AppConfig, customers: SqlCustomerRepository) =>
      new LookupAccount(client, config.partnerCenter.partnerTenantId, (tenantId) => customers.listByTenant(tenantId)),
  },
  {
    provide: SubmitOrder,
    inject: [UnitOfWork, ACCOUNTS, CatalogQuery, SqlIdempotencyStore, CommitOrderChange, OrderPresenter, OutboxRelay, ORDER_EVENT_SINK],
    useFactory: (
      unitOfWork: UnitOfWork,
      accounts: AccountsContext,
      catalog: CatalogQuery,
      idempotency: SqlIdempotencyStore,
      commit: CommitOrderChange,
      presenter: OrderPresenter,
      relay: OutboxRelay,
      eventSink: OrderEventSink,
    ) =>
      new SubmitOrder({
        unitOfWork,
        parties: accounts.parties,
        catalog,
        idempotency,
        commit,
        eventSink,
        present: (order) => presenter.present(order),
        onCommitted: () => relay.kick(),
      }),
  },
];
