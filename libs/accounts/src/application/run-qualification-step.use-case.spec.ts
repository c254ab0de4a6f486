import type { Order } from '@nce/orders';
import { FakeStepContext, anOrderOn, scriptedPort } from '@nce/testing/fakes';
import { RunQualificationStep } from './run-qualification-step.use-case';
import type { AccountsPartnerCenter } from './step-ports';

type Qualification = { qualification: string; vettingStatus?: string; vettingReason?: string };

/** Partner Center's qualifications of one tenant: created ones appear with `vetting` as their status. */
function qualifications(existing: Qualification[], vetting = 'InReview') {
  const list = [...existing];
  return scriptedPort<AccountsPartnerCenter>({
    getQualifications: async () => list.map((entry) => ({ ...entry })),
    createQualification: async (_tenant, body) => {
      const created = { qualification: body.qualification, vettingStatus: body.qualification === 'Education' ? vetting : undefined };
      list.push(created);
      return created;
    },
  });
}

const order = (qualification: Order['request']['qualification'], progress: Order['progress'] = {}): Order =>
  anOrderOn('qualification', {
    request: { ...anOrderOn('qualification').request, qualification },
    progress: { customerTenantId: 't-1', ...progress },
  });
const settings = { recheckBaseMs: 60_000, recheckMaxMs: 600_000 };

describe('the qualification step', () => {
  it('creates the state-owned entity qualification once and is done', async () => {
    const partnerCenter = qualifications([]);
    const outcome = await new RunQualificationStep(partnerCenter, settings).run(
      order({ stateOwnedEntity: true, educationSegment: null }),
      new FakeStepContext(order({ stateOwnedEntity: true, educationSegment: null })),
    );
    expect(partnerCenter.callsTo('createQualification')).toEqual([
      ['t-1', { qualification: 'StateOwnedEntity' }, { correlationId: expect.any(String) }],
    ]);
    expect(outcome).toEqual({
      kind: 'done',
      progress: { qualifications: [{ qualification: 'StateOwnedEntity', vettingStatus: undefined }] },
    });
  });

  it('does not ask again for a qualification the tenant has', async () => {
    const partnerCenter = qualifications([{ qualification: 'stateownedentity' }]);
    await new RunQualificationStep(partnerCenter, settings).run(
      order({ stateOwnedEntity: true, educationSegment: null }),
      new FakeStepContext(order({ stateOwnedEntity: true, educationSegment: null })),
    );
    expect(partnerCenter.callsTo('createQualification')).toEqual([]);
  });

  it('parks while Microsoft vets the education qualification, backing off with each re-check', async () => {
    const wanted = { stateOwnedEntity: false, educationSegment: 'K12' as const };
    const partnerCenter = qualifications([]);
    const step = new RunQualificationStep(partnerCenter, settings);
    expect(await step.run(order(wanted), new FakeStepContext(order(wanted)))).toMatchObject({
      kind: 'action',
      action: { type: 'education_review' },
      recheckInMs: 60_000,
      progress: { vettingChecks: 1 },
    });
    expect(await step.run(order(wanted, { vettingChecks: 4 }), new FakeStepContext(order(wanted)))).toMatchObject({
      recheckInMs: 600_000,
      progress: { vettingChecks: 5 },
    });
    expect(partnerCenter.callsTo('createQualification')).toHaveLength(1);
  });

  it('is done once the education qualification is approved', async () => {
    const wanted = { stateOwnedEntity: false, educationSegment: 'HigherEducation' as const };
    const outcome = await new RunQualificationStep(
      qualifications([{ qualification: 'Education', vettingStatus: 'Approved' }]),
      settings,
    ).run(order(wanted), new FakeStepContext(order(wanted)));
    expect(outcome).toMatchObject({ kind: 'done' });
  });

  it('fails with Microsoft’s reason when the education qualification is denied', async () => {
    const wanted = { stateOwnedEntity: false, educationSegment: 'K12' as const };
    const outcome = await new RunQualificationStep(
      qualifications([{ qualification: 'Education', vettingStatus: 'Denied', vettingReason: 'Not a school' }]),
      settings,
    ).run(order(wanted), new FakeStepContext(order(wanted)));
    expect(outcome).toMatchObject({
      kind: 'fail',
      code: 'EDUCATION_QUALIFICATION_DENIED',
      message: 'Microsoft denied the education qualification: Not a school',
    });
  });

  it('works on the tenant of the order account when the account step kept none', async () => {
    const partnerCenter = qualifications([]);
    const plain = anOrderOn('qualification', {
      account: { type: 'existing', domain: 'contoso.onmicrosoft.com', relationshipConfirmed: true, customerTenantId: 't-account' },
    });
    await new RunQualificationStep(partnerCenter, settings).run(plain, new FakeStepContext(plain));
    expect(partnerCenter.callsTo('getQualifications')[0][0]).toBe('t-account');
  });
});
