import type { CallContext } from '../domain/common.model';
import type {
  CreateCustomerRequest,
  CreatedCustomer,
  Customer,
  PartnerRelationship,
  RelationshipRequest,
  RelationshipRequestQuery,
} from '../domain/customer.model';
import type {
  CreateQualificationRequest,
  CustomerQualification,
  ValidationStatus,
  ValidationStatusResult,
} from '../domain/qualification.model';
import { PC_ERROR } from '../domain/error-codes';
import { isPartnerCenterError } from '../domain/partner-center.errors';
import type { PartnerCenterTransport } from './transport.port';
import type { HttpMethod } from './route';
import { type CallSpec, partnerCenterCall } from './call-builder';
import { collectPartnerCenterPages } from './paging';

const call = (method: HttpMethod, template: string, spec: CallSpec) => partnerCenterCall('customers', method, template, spec);

/** Customers, relationships, qualifications and validation status: the `customers` dependency. */
export class CustomersApi {
  constructor(private readonly transport: PartnerCenterTransport) {}

  /** HEAD /v1/domains/{domain}: 404 means nobody owns the domain yet. */
  async isDomainAvailable(domain: string, context?: CallContext): Promise<boolean> {
    const spec = { params: { domain }, context, expect: [200, 204, 404] };
    const response = await this.transport.send<undefined>(call('HEAD', '/v1/domains/{domain}', spec));
    return response.status === 404;
  }

  /** Idempotent on MS-RequestId: resend with the recorded id after an unknown outcome. */
  async createCustomer(body: CreateCustomerRequest, context?: CallContext): Promise<CreatedCustomer> {
    // Creating for an indirect reseller (associatedPartnerId) is App+User only: the credential table reads the body.
    return (await this.transport.send<CreatedCustomer>(call('POST', '/v1/customers', { body, context }))).body;
  }

  async getCustomer(customerId: string, context?: CallContext): Promise<Customer> {
    const spec = { params: { id: customerId }, context, customerId };
    return (await this.transport.send<Customer>(call('GET', '/v1/customers/{id}', spec))).body;
  }

  /** Partner Center only supports `starts_with`, so the exact domain match is done here. */
  async findCustomerByDomain(domain: string, context?: CallContext): Promise<Customer | null> {
    const filter = JSON.stringify({ Field: 'Domain', Value: domain, Operator: 'starts_with' });
    const wanted = domain.toLowerCase();
    const matches = (customer: Customer): boolean => customer.companyProfile?.domain?.toLowerCase() === wanted;
    const first = call('GET', '/v1/customers', { context, query: { size: '100', filter } });
    const customers = await collectPartnerCenterPages<Customer>(this.transport, first, (items) => items.some(matches));
    return customers.find(matches) ?? null;
  }

  async getRelationshipRequestUrl(query: RelationshipRequestQuery = {}, context?: CallContext): Promise<string> {
    const spec = {
      context,
      query: { indirectResellerId: query.indirectResellerId, indirectCloudSolutionProviderId: query.indirectCloudSolutionProviderId },
    };
    return (await this.transport.send<RelationshipRequest>(call('GET', '/v1/customers/relationshiprequests', spec))).body.url;
  }

  async getCustomerRelationships(customerId: string, context?: CallContext): Promise<PartnerRelationship[]> {
    const spec = { params: { id: customerId }, context, customerId };
    return collectPartnerCenterPages<PartnerRelationship>(this.transport, call('GET', '/v1/customers/{id}/relationships', spec));
  }

  async getQualifications(customerId: string, context?: CallContext): Promise<CustomerQualification[]> {
    const spec = { params: { id: customerId }, context, customerId };
    return collectPartnerCenterPages<CustomerQualification>(this.transport, call('GET', '/v1/customers/{id}/qualifications', spec));
  }

  /** The docs show 201, the REST reference 200: both are success. */
  async createQualification(customerId: string, body: CreateQualificationRequest, context?: CallContext): Promise<CustomerQualification> {
    const spec = { params: { id: customerId }, context, customerId, body, expect: [200, 201] };
    return (await this.transport.send<CustomerQualification>(call('POST', '/v1/customers/{id}/qualifications', spec))).body;
  }

  /** 404 600074 (no account status) is a normal answer: purchases are not blocked. */
  async getValidationStatus(customerId: string, context?: CallContext): Promise<ValidationStatusResult> {
    const spec = { params: { id: customerId }, query: { type: 'account' }, context, customerId };
    try {
      return (await this.transport.send<ValidationStatus>(call('GET', '/v1/customers/{id}/validationStatus', spec))).body;
    } catch (error) {
      if (isPartnerCenterError(error, PC_ERROR.accountStatusNotFound)) return { status: null };
      throw error;
    }
  }
}
