import type { BreakerRegistry } from '@nce/resilience';
import type { CallContext } from '../domain/common.model';
import type { AgreementType, CreateAgreementRequest, CreateEnhancedAttestationRequest } from '../domain/agreement.model';
import type { CatalogQuery } from '../domain/catalog.model';
import type { CreateCartRequest, SubscriptionUpdate } from '../domain/commerce.model';
import type { CreateCustomerRequest, RelationshipRequestQuery } from '../domain/customer.model';
import type { CreateAccessAssignmentRequest, CreateDelegatedAdminRelationshipRequest } from '../domain/gdap.model';
import type { CreateQualificationRequest } from '../domain/qualification.model';
import type { HttpTransport } from './http-transport';
import type { RefreshTokenState } from '../application/refresh-token-store.port';
import { type PartnerCenterClientOptions, type PartnerCenterRuntime, createRuntime } from './runtime';
import { AgreementsApi } from '../application/agreements.api';
import { CatalogApi } from '../application/catalog.api';
import { CommerceApi } from '../application/commerce.api';
import { CustomersApi } from '../application/customers.api';
import { GdapApi } from '../application/gdap.api';

/**
 * The one client for Partner Center REST and Graph GDAP. Framework-free so that workers, the API and
 * benchmarks construct it the same way. Every method takes an optional `{ requestId, correlationId }`.
 */
export class PartnerCenterClient {
  private readonly runtime: PartnerCenterRuntime;
  private readonly customers: CustomersApi;
  private readonly agreements: AgreementsApi;
  private readonly catalog: CatalogApi;
  private readonly commerce: CommerceApi;
  private readonly gdap: GdapApi;

  constructor(options: PartnerCenterClientOptions) {
    this.runtime = createRuntime(options);
    const { transport } = this.runtime;
    this.customers = new CustomersApi(transport);
    this.agreements = new AgreementsApi(transport);
    this.catalog = new CatalogApi(transport, options.config.pricingUrl);
    this.commerce = new CommerceApi(transport);
    this.gdap = new GdapApi(transport);
  }

  /** Breaker state per dependency (`customers`, `commerce`, `catalog`, `graph`) for metrics and health. */
  get breakers(): BreakerRegistry {
    return this.runtime.breakers;
  }

  /** The low-level transport (diagnostics, contract tests that need a non-standard call). */
  get transport(): HttpTransport {
    return this.runtime.transport;
  }

  /** The stored App+User token, the authentication breaker's failure and the last App+User call (health, metrics). */
  authenticationState(): Promise<RefreshTokenState> {
    return this.runtime.tokens.readState();
  }

  /** Token requests sent so far (diagnostics, tests). */
  get tokenRequests(): number {
    return this.runtime.tokens.requestsSent;
  }

  // Customers, relationships, qualifications, validation
  isDomainAvailable = (domain: string, context?: CallContext) => this.customers.isDomainAvailable(domain, context);
  createCustomer = (body: CreateCustomerRequest, context?: CallContext) => this.customers.createCustomer(body, context);
  getCustomer = (customerId: string, context?: CallContext) => this.customers.getCustomer(customerId, context);
  findCustomerByDomain = (domain: string, context?: CallContext) => this.customers.findCustomerByDomain(domain, context);
  getRelationshipRequestUrl = (query?: RelationshipRequestQuery, context?: CallContext) =>
    this.customers.getRelationshipRequestUrl(query, context);
  getCustomerRelationships = (customerId: string, context?: CallContext) => this.customers.getCustomerRelationships(customerId, context);
  getQualifications = (customerId: string, context?: CallContext) => this.customers.getQualifications(customerId, context);
  createQualification = (customerId: string, body: CreateQualificationRequest, context?: CallContext) =>
    this.customers.createQualification(customerId, body, context);
  getValidationStatus = (customerId: string, context?: CallContext) => this.customers.getValidationStatus(customerId, context);

  // MCA
  getAgreementMetadata = (agreementType?: AgreementType, context?: CallContext) =>
    this.agreements.getAgreementMetadata(agreementType, context);
  listAgreements = (customerId: string, agreementType?: AgreementType, context?: CallContext) =>
    this.agreements.listAgreements(customerId, agreementType, context);
  createAgreement = (customerId: string, body: CreateAgreementRequest, context?: CallContext) =>
    this.agreements.createAgreement(customerId, body, context);
  createEnhancedAttestation = (body: CreateEnhancedAttestationRequest, context?: CallContext) =>
    this.agreements.createEnhancedAttestation(body, context);
  getEnhancedAttestation = (attestationId: string, context?: CallContext) => this.agreements.getEnhancedAttestation(attestationId, context);
  getDirectSignStatus = (customerId: string, context?: CallContext) => this.agreements.getDirectSignStatus(customerId, context);

  // Catalog
  listProducts = (query: CatalogQuery, context?: CallContext) => this.catalog.listProducts(query, context);
  listSkus = (productId: string, query: CatalogQuery, context?: CallContext) => this.catalog.listSkus(productId, query, context);
  getSku = (productId: string, skuId: string, country: string, context?: CallContext) =>
    this.catalog.getSku(productId, skuId, country, context);
  listAvailabilities = (productId: string, skuId: string, query: CatalogQuery, context?: CallContext) =>
    this.catalog.listAvailabilities(productId, skuId, query, context);
  listNceOffers = (country: string, segment: string, context?: CallContext) => this.catalog.listNceOffers(country, segment, context);
  getLicensePriceSheet = (market: string, context?: CallContext) => this.catalog.getLicensePriceSheet(market, context);

  // Carts, orders, subscriptions
  createCart = (customerId: string, cart: CreateCartRequest, context?: CallContext) => this.commerce.createCart(customerId, cart, context);
  getCart = (customerId: string, cartId: string, context?: CallContext) => this.commerce.getCart(customerId, cartId, context);
  checkoutCart = (customerId: string, cartId: string, context: CallContext & { requestId: string }) =>
    this.commerce.checkoutCart(customerId, cartId, context);
  reconcileCheckout = (customerId: string, cartId: string, friendlyNames: readonly string[], context?: CallContext) =>
    this.commerce.reconcileCheckout(customerId, cartId, friendlyNames, context);
  getOrder = (customerId: string, orderId: string, context?: CallContext) => this.commerce.getOrder(customerId, orderId, context);
  listOrders = (customerId: string, context?: CallContext) => this.commerce.listOrders(customerId, context);
  getOrderProvisioningStatus = (customerId: string, orderId: string, context?: CallContext) =>
    this.commerce.getOrderProvisioningStatus(customerId, orderId, context);
  listSubscriptionsByOrder = (customerId: string, orderId: string, context?: CallContext) =>
    this.commerce.listSubscriptionsByOrder(customerId, orderId, context);
  getSubscription = (customerId: string, subscriptionId: string, context?: CallContext) =>
    this.commerce.getSubscription(customerId, subscriptionId, context);
  updateSubscription = (
    customerId: string,
    subscriptionId: string,
    update: SubscriptionUpdate,
    context: CallContext & { requestId: string },
  ) => this.commerce.updateSubscription(customerId, subscriptionId, update, context);

  // Graph GDAP
  listDelegatedAdminRelationships = (customerTenantId: string, context?: CallContext) =>
    this.gdap.listDelegatedAdminRelationships(customerTenantId, context);
  getDelegatedAdminRelationship = (relationshipId: string, context?: CallContext) =>
    this.gdap.getDelegatedAdminRelationship(relationshipId, context);
  createDelegatedAdminRelationship = (body: CreateDelegatedAdminRelationshipRequest, context?: CallContext) =>
    this.gdap.createDelegatedAdminRelationship(body, context);
  lockForApproval = (relationshipId: string, context?: CallContext) => this.gdap.lockForApproval(relationshipId, context);
  deleteDelegatedAdminRelationship = (relationshipId: string, context?: CallContext) =>
    this.gdap.deleteDelegatedAdminRelationship(relationshipId, context);
  createAccessAssignment = (relationshipId: string, body: CreateAccessAssignmentRequest, context?: CallContext) =>
    this.gdap.createAccessAssignment(relationshipId, body, context);
  listAccessAssignments = (relationshipId: string, context?: CallContext) => this.gdap.listAccessAssignments(relationshipId, context);

  /** Closes pooled connections and stops breaker timers (graceful shutdown, tests). */
  async close(): Promise<void> {
    await this.runtime.close();
  }
}
