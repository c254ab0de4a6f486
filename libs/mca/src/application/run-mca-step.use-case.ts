import {
  type McaProgress,
  type Order,
  type Signatory,
  type StepContext,
  type StepHandler,
  type StepOutcome,
  recheckDelay,
  tenantOf,
} from '@nce/orders';
import type { PartnerCenterClient } from '@nce/partner-center';
import { mcaStatus } from '../domain/mca-status.model';

export type McaPartnerCenter = Pick<
  PartnerCenterClient,
  | 'listAgreements'
  | 'getDirectSignStatus'
  | 'getAgreementMetadata'
  | 'createAgreement'
  | 'createEnhancedAttestation'
  | 'getEnhancedAttestation'
  | 'getCustomer'
>;

export interface McaStepSettings {
  recheckBaseMs: number;
  recheckMaxMs: number;
  /** Does the partner let customers give the attestation data (partner setting customerMcaAttestation)? */
  customerMayAttest(partnerId: string): Promise<boolean>;
}

const MCA = 'MicrosoftCustomerAgreement' as const;

/**
 * The mca step (DESIGN.md section 3.2). Valid MCA: nothing asked. Missing or stale: the partner
 * attestation carried by the order (or posted later) is confirmed through the enhanced attestation
 * API, the customer accepts on Microsoft's page, then the agreement is created (Microsoft retired the
 * legacy direct attestation on 2026-01-05). 600061 (already exists) counts as success.
 */
type Outcome = StepOutcome<McaProgress>;
type Context = StepContext<McaProgress>;

export class RunMcaStep implements StepHandler<'mca'> {
  readonly step = 'mca' as const;

  constructor(
    private readonly partnerCenter: McaPartnerCenter,
    private readonly settings: McaStepSettings,
  ) {}

  async run(order: Order, context: Context): Promise<Outcome> {
    const call = { correlationId: context.correlationId };
    const tenantId = tenantOf(order);
    const [agreements, direct] = await Promise.all([
      this.partnerCenter.listAgreements(tenantId, MCA, call),
      this.partnerCenter.getDirectSignStatus(tenantId, call),
    ]);
    const status = mcaStatus(agreements, direct.isSigned);
    if (status === 'valid') return { kind: 'done', progress: { mca: 'valid' } };

    const signatory = order.progress.mcaSignatory ?? order.request.mca.signatory;
    if (!signatory) return this.askForAttestation(order, status);
    return this.enhanced(order, tenantId, signatory, context);
  }

  private async enhanced(order: Order, tenantId: string, signatory: Signatory, context: Context): Promise<Outcome> {
    const call = { correlationId: context.correlationId };
    let attestationId = order.progress.attestationId ?? null;
    let acceptanceUrl = order.progress.acceptanceUrl ?? '';
    if (attestationId) {
      const attestation = await this.partnerCenter.getEnhancedAttestation(attestationId, call);
      if (attestation.status === 'accepted') {
        await this.createAgreement(tenantId, signatory, attestationId, context);
        return { kind: 'done', progress: { mca: 'accepted' } };
      }
      if (attestation.status === 'expired') attestationId = null;
    }
    if (!attestationId) {
      const company = await this.companyOf(order, tenantId, context);
      const created = await this.partnerCenter.createEnhancedAttestation(
        {
          country: company.country,
          language: 'en',
          companyName: company.name,
          signatoryFirstName: signatory.firstName,
          signatoryLastName: signatory.lastName,
          signatoryEmail: signatory.email,
          signatoryPhoneNumber: signatory.phoneNumber,
          customerId: tenantId,
        },
        call,
      );
      attestationId = created.id;
      acceptanceUrl = created.acceptanceUrl;
      await context.saveProgress({ progress: { attestationId, acceptanceUrl, acceptanceChecks: 0 } });
    }
    const checks = order.progress.acceptanceChecks ?? 0;
    return {
      kind: 'action',
      action: {
        type: 'mca_acceptance',
        message:
          'Microsoft asks the customer to accept the Microsoft Customer Agreement. Open the link (no sign-in needed) and accept; the order continues by itself once Microsoft confirms it.',
        url: acceptanceUrl,
      },
      recheckInMs: recheckDelay(checks, this.settings),
      progress: { attestationId, acceptanceUrl, acceptanceChecks: checks + 1 },
    };
  }

  private async askForAttestation(order: Order, status: 'missing' | 'stale'): Promise<Outcome> {
    const customerMayAttest = await this.settings.customerMayAttest(order.partnerId);
    const why =
      status === 'stale'
        ? 'The customer accepted the Microsoft Customer Agreement before 2023-04-01 and Microsoft requires it to be accepted again.'
        : 'The Microsoft Customer Agreement (MCA) has not been accepted for this account.';
    const message = customerMayAttest
      ? `${why} Give the name, email and phone of the person at the customer who accepts the MCA: by posting them, the partner attests that the MCA was presented to the customer and that the customer agreed to it.`
      : `${why} Your partner will confirm the agreement with Microsoft; no action is needed from you. (Partner: post the signatory to /mca-attestation.)`;
    const checks = order.progress.attestationChecks ?? 0;
    return {
      kind: 'action',
      action: { type: 'mca_attestation', message, fields: ['firstName', 'lastName', 'email', 'phoneNumber'] },
      // Re-check now and then: the customer may accept the MCA directly in the Microsoft admin centre.
      recheckInMs: recheckDelay(checks, this.settings),
      progress: { attestationChecks: checks + 1 },
    };
  }

  private async createAgreement(tenantId: string, signatory: Signatory, attestationId: string, context: Context): Promise<void> {
    const call = { correlationId: context.correlationId };
    const [template] = await this.partnerCenter.getAgreementMetadata(MCA, call);
    await this.partnerCenter.createAgreement(
      tenantId,
      {
        type: MCA,
        templateId: template?.templateId ?? '117a77b0-9360-443b-8795-c6dedc750cf9',
        dateAgreed: new Date().toISOString(),
        primaryContact: {
          firstName: signatory.firstName,
          lastName: signatory.lastName,
          email: signatory.email,
          phoneNumber: signatory.phoneNumber,
        },
        attestationId,
      },
      call,
    );
  }

  private async companyOf(order: Order, tenantId: string, context: Context): Promise<{ name: string; country: string }> {
    if (order.account.type === 'new') return { name: order.account.companyName, country: order.account.address.country };
    const customer = await this.partnerCenter.getCustomer(tenantId, { correlationId: context.correlationId });
    return {
      name: customer.billingProfile?.companyName ?? customer.companyProfile.companyName ?? order.account.domain,
      country: customer.billingProfile?.defaultAddress.country ?? 'US',
    };
  }
}
