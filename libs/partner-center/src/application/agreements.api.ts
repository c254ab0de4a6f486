import type { CallContext } from '../domain/common.model';
import type {
  Agreement,
  AgreementMetadata,
  AgreementType,
  CreateAgreementOutcome,
  CreateAgreementRequest,
  CreateEnhancedAttestationRequest,
  DirectSignStatus,
  EnhancedAttestation,
} from '../domain/agreement.model';
import { PC_ERROR } from '../domain/error-codes';
import { isPartnerCenterError } from '../domain/partner-center.errors';
import type { PartnerCenterTransport } from './transport.port';
import type { HttpMethod } from './route';
import { type CallSpec, partnerCenterCall } from './call-builder';
import { collectPartnerCenterPages } from './paging';

const call = (method: HttpMethod, template: string, spec: CallSpec) => partnerCenterCall('customers', method, template, spec);
const MCA: AgreementType = 'MicrosoftCustomerAgreement';

/**
 * MCA: legacy agreement API (App+User) and the enhanced attestation flow (app-only). The enhanced
 * shapes are assumptions (api md, Nov 2026 follow-up) and are confined to this adapter.
 */
export class AgreementsApi {
  constructor(private readonly transport: PartnerCenterTransport) {}

  async getAgreementMetadata(agreementType: AgreementType = MCA, context?: CallContext): Promise<AgreementMetadata[]> {
    const spec = { query: { agreementType }, context };
    return collectPartnerCenterPages<AgreementMetadata>(this.transport, call('GET', '/v1/agreements', spec));
  }

  async listAgreements(customerId: string, agreementType: AgreementType = MCA, context?: CallContext): Promise<Agreement[]> {
    const spec = { params: { id: customerId }, query: { agreementType }, context, customerId };
    return collectPartnerCenterPages<Agreement>(this.transport, call('GET', '/v1/customers/{id}/agreements', spec));
  }

  /**
   * 600061 (already exists) is returned as `{ alreadyExists: true }`: a retry after an unknown
   * outcome lands here and must count as success. An agreement created from an enhanced
   * attestation (attestationId set) is the last step of the app-only flow (credential table).
   */
  async createAgreement(customerId: string, body: CreateAgreementRequest, context?: CallContext): Promise<CreateAgreementOutcome> {
    const spec = { params: { id: customerId }, body, context, customerId };
    try {
      const response = await this.transport.send<Agreement>(call('POST', '/v1/customers/{id}/agreements', spec));
      return { alreadyExists: false, agreement: response.body };
    } catch (error) {
      if (isPartnerCenterError(error, PC_ERROR.agreementAlreadyExists)) return { alreadyExists: true };
      throw error;
    }
  }

  async createEnhancedAttestation(body: CreateEnhancedAttestationRequest, context?: CallContext): Promise<EnhancedAttestation> {
    const spec = { body, context, customerId: body.customerId };
    return (await this.transport.send<EnhancedAttestation>(call('POST', '/v1/attestations/enhanced', spec))).body;
  }

  async getEnhancedAttestation(attestationId: string, context?: CallContext): Promise<EnhancedAttestation> {
    const spec = { params: { id: attestationId }, context };
    return (await this.transport.send<EnhancedAttestation>(call('GET', '/v1/attestations/enhanced/{id}', spec))).body;
  }

  async getDirectSignStatus(customerId: string, context?: CallContext): Promise<DirectSignStatus> {
    const spec = { params: { id: customerId }, context, customerId };
    const template = '/v1/customers/{id}/directSignedMicrosoftCustomerAgreementStatus';
    return (await this.transport.send<DirectSignStatus>(call('GET', template, spec))).body;
  }
}
