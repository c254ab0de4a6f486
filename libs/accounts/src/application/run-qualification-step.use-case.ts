import {
  type Order,
  type QualificationProgress,
  type StepContext,
  type StepHandler,
  type StepOutcome,
  recheckDelay,
  tenantOf,
} from '@nce/orders';
import type { AccountsPartnerCenter } from './step-ports';

/**
 * The qualification step (DESIGN.md section 3.3): state-owned entity and the education segment.
 * Education is vetted by Microsoft: InReview parks the order, Denied fails it.
 */
export class RunQualificationStep implements StepHandler<'qualification'> {
  readonly step = 'qualification' as const;

  constructor(
    private readonly partnerCenter: AccountsPartnerCenter,
    private readonly settings: { recheckBaseMs: number; recheckMaxMs: number },
  ) {}

  async run(order: Order, context: StepContext<QualificationProgress>): Promise<StepOutcome<QualificationProgress>> {
    const call = { correlationId: context.correlationId };
    const tenantId = tenantOf(order);
    const wanted = order.request.qualification;
    let existing = await this.partnerCenter.getQualifications(tenantId, call);
    const has = (name: string) => existing.find((entry) => entry.qualification.toLowerCase() === name.toLowerCase());

    if (wanted.stateOwnedEntity && !has('StateOwnedEntity')) {
      await this.partnerCenter.createQualification(tenantId, { qualification: 'StateOwnedEntity' }, call);
      existing = await this.partnerCenter.getQualifications(tenantId, call);
    }
    if (wanted.educationSegment) {
      if (!has('Education')) {
        await this.partnerCenter.createQualification(
          tenantId,
          { qualification: 'Education', educationSegment: wanted.educationSegment },
          call,
        );
        existing = await this.partnerCenter.getQualifications(tenantId, call);
      }
      const education = has('Education');
      if (education?.vettingStatus === 'Denied') {
        return {
          kind: 'fail',
          code: 'EDUCATION_QUALIFICATION_DENIED',
          message: `Microsoft denied the education qualification${education.vettingReason ? `: ${education.vettingReason}` : ''}`,
          howToFix:
            'Education offers need an approved education qualification; order a commercial plan or contact Microsoft about the vetting',
        };
      }
      if (education?.vettingStatus !== 'Approved') {
        const checks = order.progress.vettingChecks ?? 0;
        return {
          kind: 'action',
          action: {
            type: 'education_review',
            message:
              'Microsoft is reviewing the education qualification of this account. The order continues by itself once it is approved (this can take several business days).',
          },
          recheckInMs: recheckDelay(checks, this.settings),
          progress: { vettingChecks: checks + 1 },
        };
      }
    }
    return {
      kind: 'done',
      progress: { qualifications: existing.map((entry) => ({ qualification: entry.qualification, vettingStatus: entry.vettingStatus })) },
    };
  }
}
