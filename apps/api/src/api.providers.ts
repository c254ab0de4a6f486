import {
  AccountQueries,
  AuthenticateApiKey,
  RevealAdminCredentials,
  PanelSessions,
  SqlPanelSessionStore,
  LookupAccount,
  SqlAdminCredentialStore,
  CreateCustomer,
  CreateCustomerApiKey,
  ManageApiKeys,
  SqlApiKeyRepository,
  SqlCustomerRepository,
  SqlPartnerRepository,
  UpdatePartnerSettings,
} from '@nce/accounts';
import { CatalogQuery, SqlCatalogRepository } from '@nce/catalog';
import { PanelSessionPrincipals } from './panel/panel-session.principals';
import { type AppConfig, APP_CONFIG } from '@nce/config';
import { RequestGdapChecks, SqlCustomerGdapRepository } from '@nce/gdap';
import { OutboxRelay, QueueRegistry } from '@nce/messaging';
import { RedisOrderEventSink } from '@nce/notifications';
import { MetricsRecorder } from '@nce/observability';
import { type PartnerCenterClient, SqlRefreshTokenStore, createPartnerCenterClient, registerAuthenticationMetrics } from '@nce/partner-center';
import {
  CancelOrder,
  CommitOrderChange,
  OrderQueries,
  SqlSubscriptionReadModel,
  SubscriptionQueries,
  type OrderEventSink,
  PostMcaAttestation,
  ResumeOrder,
  SqlIdempotencyStore,
  SqlOrderEventStore,
  SqlOrderRepository,
  SubmitOrder,
} from '@nce/orders';
import { SecretBox, SqlAuditLog, UnitOfWork } from '@nce/persistence';
import type { Redis } from 'ioredis';
import { Logger, type Provider } from '@nestjs/common';
import { IdempotencyJanitor } from './orders/idempotency-janitor';
import { OrderPresenter } from './orders/order.presenter';

/** Wakes live listeners after commits; the notifications context provides the Redis implementation. */
export const ORDER_EVENT_SINK = Symbol('ORDER_EVENT_SINK');
export const PARTNER_CENTER = Symbol('PARTNER_CENTER');

function orderChangeDeps(uow: UnitOfWork, orders: SqlOrderRepository, customers: SqlCustomerRepository, partners: SqlPartnerRepository, commit: CommitOrderChange, eventSink: OrderEventSink, relay: OutboxRelay) {
  return { unitOfWork: uow, orders, parties: { findCustomer: (id: string) => customers.findById(id), findCustomerWithPartner: (id: string) => customers.findWithPartner(id), findPartner: (id: string) => partners.findById(id) }, commit, eventSink, onCommitted: () => relay.kick() };
}
const ORDER_CHANGE_INJECT = [UnitOfWork, SqlOrderRepository, SqlCustomerRepository, SqlPartnerRepository, CommitOrderChange, ORDER_EVENT_SINK, OutboxRelay];

// Use cases are plain classes (framework-free libs); Nest only wires them here.
export const API_PROVIDERS: Provider[] = [
  // After commit, a wake-up per order on Redis pub/sub (SSE fan-out across API instances).
  { provide: ORDER_EVENT_SINK, inject: [QueueRegistry, APP_CONFIG], useFactory: (queues: QueueRegistry, config: AppConfig) => new RedisOrderEventSink(queues.connection, config.redis.queuePrefix) },
  { provide: SqlPartnerRepository, inject: [UnitOfWork], useFactory: (uow: UnitOfWork) => new SqlPartnerRepository(uow.executor) },
  { provide: SqlCustomerRepository, inject: [UnitOfWork], useFactory: (uow: UnitOfWork) => new SqlCustomerRepository(uow.executor) },
  { provide: SqlApiKeyRepository, inject: [UnitOfWork], useFactory: (uow: UnitOfWork) => new SqlApiKeyRepository(uow.executor) },
  { provide: SqlOrderRepository, inject: [UnitOfWork], useFactory: (uow: UnitOfWork) => new SqlOrderRepository(uow.executor) },
  { provide: SqlOrderEventStore, inject: [UnitOfWork], useFactory: (uow: UnitOfWork) => new SqlOrderEventStore(uow.executor) },
  {
    provide: SqlIdempotencyStore,
    inject: [UnitOfWork, APP_CONFIG],
    useFactory: (uow: UnitOfWork, config: AppConfig) => new SqlIdempotencyStore(uow.executor, config.api.idempotencyLockSeconds),
  },
  { provide: CatalogQuery, inject: [UnitOfWork], useFactory: (uow: UnitOfWork) => new CatalogQuery(new SqlCatalogRepository(uow)) },
  { provide: AuthenticateApiKey, inject: [SqlApiKeyRepository], useFactory: (keys: SqlApiKeyRepository) => new AuthenticateApiKey(keys, Date.now, (error) => new Logger('auth').warn(`last-used update failed: ${String(error)}`)) },
  { provide: ManageApiKeys, inject: [SqlApiKeyRepository, SqlAuditLog], useFactory: (keys: SqlApiKeyRepository, audit: SqlAuditLog) => new ManageApiKeys(keys, audit) },
  {
    provide: PanelSessions,
    inject: [UnitOfWork, SqlCustomerRepository, APP_CONFIG],
    useFactory: (uow: UnitOfWork, customers: SqlCustomerRepository, config: AppConfig) =>
      new PanelSessions(new SqlPanelSessionStore(uow.executor), customers, { linkTtlSeconds: config.api.panelLinkTtlSeconds, sessionTtlSeconds: config.api.panelSessionTtlSeconds }),
  },
  PanelSessionPrincipals,
  { provide: CreateCustomer, inject: [SqlCustomerRepository], useFactory: (customers: SqlCustomerRepository) => new CreateCustomer(customers) },
  {
    provide: CreateCustomerApiKey,
    inject: [SqlCustomerRepository, SqlApiKeyRepository, SqlAuditLog],
    useFactory: (customers: SqlCustomerRepository, keys: SqlApiKeyRepository, audit: SqlAuditLog) => new CreateCustomerApiKey(customers, keys, undefined, audit),
  },
  { provide: UpdatePartnerSettings, inject: [SqlPartnerRepository], useFactory: (partners: SqlPartnerRepository) => new UpdatePartnerSettings(partners) },
  {
    provide: CommitOrderChange,
    inject: [SqlOrderRepository, SqlOrderEventStore],
    useFactory: (orders: SqlOrderRepository, events: SqlOrderEventStore) => new CommitOrderChange(orders, events),
  },
  { provide: SubscriptionQueries, inject: [UnitOfWork], useFactory: (uow: UnitOfWork) => new SubscriptionQueries(new SqlSubscriptionReadModel(uow.executor)) },
  {
    provide: OrderQueries,
    inject: [SqlOrderRepository, SqlOrderEventStore],
    useFactory: (orders: SqlOrderRepository, events: SqlOrderEventStore) => new OrderQueries(orders, events),
  },
  {
    provide: CancelOrder,
    inject: [UnitOfWork, SqlOrderRepository, CommitOrderChange, ORDER_EVENT_SINK],
    useFactory: (uow: UnitOfWork, orders: SqlOrderRepository, commit: CommitOrderChange, sink: OrderEventSink) => new CancelOrder(uow, orders, commit, sink),
  },
  OrderPresenter,
  IdempotencyJanitor,
  { provide: ResumeOrder, inject: ORDER_CHANGE_INJECT, useFactory: (...deps: Parameters<typeof orderChangeDeps>) => new ResumeOrder(orderChangeDeps(...deps)) },
  { provide: PostMcaAttestation, inject: ORDER_CHANGE_INJECT, useFactory: (...deps: Parameters<typeof orderChangeDeps>) => new PostMcaAttestation(orderChangeDeps(...deps)) },
  {
    provide: PARTNER_CENTER,
    inject: [APP_CONFIG, QueueRegistry, MetricsRecorder, UnitOfWork],
    useFactory: (config: AppConfig, queues: QueueRegistry, metrics: MetricsRecorder, uow: UnitOfWork) => {
      const box = new SecretBox(config.security.encryptionKey.reveal());
      const client = createPartnerCenterClient(config.partnerCenter, {
        refreshTokens: new SqlRefreshTokenStore(uow, box, config.partnerCenter.partnerTenantId, config.partnerCenter.refreshToken.reveal()),
        redis: queues.connection as Redis,
        budgetKeyPrefix: `${config.redis.queuePrefix}:pc-budget`,
        observer: (call) => metrics.partnerCenterCall(call),
      });
      for (const breaker of client.breakers.snapshot()) metrics.breakerChanged(breaker.name, breaker.state);
      client.breakers.onStateChange((change) => metrics.breakerChanged(change.name, change.to));
      registerAuthenticationMetrics(metrics.registry, () => client.authenticationState());
      return client;
    },
  },
  {
    provide: LookupAccount,
    inject: [PARTNER_CENTER, APP_CONFIG, SqlCustomerRepository],
    useFactory: (client: PartnerCenterClient, config: AppConfig, customers: SqlCustomerRepository) => new LookupAccount(client, config.partnerCenter.partnerTenantId, (tenantId) => customers.listByTenant(tenantId)),
  },
  {
    provide: SqlAdminCredentialStore,
    inject: [UnitOfWork, APP_CONFIG],
    useFactory: (uow: UnitOfWork, config: AppConfig) => new SqlAdminCredentialStore(uow.executor, new SecretBox(config.security.encryptionKey.reveal())),
  },
  { provide: SqlAuditLog, inject: [UnitOfWork], useFactory: (uow: UnitOfWork) => new SqlAuditLog(uow.executor) },
  { provide: SqlCustomerGdapRepository, inject: [UnitOfWork], useFactory: (uow: UnitOfWork) => new SqlCustomerGdapRepository(uow) },
  {
    provide: AccountQueries,
    inject: [SqlCustomerRepository, SqlPartnerRepository],
    useFactory: (customers: SqlCustomerRepository, partners: SqlPartnerRepository) => new AccountQueries(customers, partners),
  },
  {
    provide: RequestGdapChecks,
    inject: [UnitOfWork, SqlCustomerGdapRepository, AccountQueries, OutboxRelay],
    useFactory: (unitOfWork: UnitOfWork, repository: SqlCustomerGdapRepository, accounts: AccountQueries, relay: OutboxRelay) =>
      new RequestGdapChecks({ unitOfWork, repository, linkedCustomerIds: (partnerId) => accounts.linkedCustomerIds(partnerId), onCommitted: () => relay.kick() }),
  },
  {
    provide: RevealAdminCredentials,
    inject: [SqlAdminCredentialStore, SqlAuditLog],
    useFactory: (credentials: SqlAdminCredentialStore, audit: SqlAuditLog) => new RevealAdminCredentials(credentials, audit),
  },
  {
    provide: SubmitOrder,
    inject: [UnitOfWork, SqlCustomerRepository, SqlPartnerRepository, CatalogQuery, SqlIdempotencyStore, CommitOrderChange, OrderPresenter, OutboxRelay, ORDER_EVENT_SINK],
    useFactory: (
      unitOfWork: UnitOfWork,
      customers: SqlCustomerRepository,
      partners: SqlPartnerRepository,
      catalog: CatalogQuery,
      idempotency: SqlIdempotencyStore,
      commit: CommitOrderChange,
      presenter: OrderPresenter,
      relay: OutboxRelay,
      eventSink: OrderEventSink,
    ) => new SubmitOrder({ unitOfWork, parties: { findCustomer: (id) => customers.findById(id), findCustomerWithPartner: (id) => customers.findWithPartner(id), findPartner: (id) => partners.findById(id) }, catalog, idempotency, commit, eventSink, present: (order) => presenter.present(order), onCommitted: () => relay.kick() }),
  },
];
