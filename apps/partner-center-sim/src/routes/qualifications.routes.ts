import { authGuard } from '../http/auth.guard';
import { asRecord, normaliseEnum, optionalString } from '../http/casing';
import { invalidInput } from '../http/error-body';
import type { RouteRegistrar } from '../sim-context';
import { QUALIFICATION_NAMES, type Qualification } from '../state/tenant.model';
import { qualificationView } from '../views/customer.view';
import { customerWithRelationship, param, query } from './customer-access';

const EDUCATION_SEGMENTS = ['K12', 'HigherEducation'] as const;

export const registerQualificationRoutes: RouteRegistrar = (app, context) => {
  const anyToken = authGuard(context, 'partner-center');

  app.get('/v1/customers/:customerId/qualifications', { onRequest: anyToken }, (request, reply) => {
    const tenant = customerWithRelationship(context, param(request, 'customerId'));
    return reply.send([...tenant.qualifications.values()].map(qualificationView));
  });

  app.post('/v1/customers/:customerId/qualifications', { onRequest: anyToken }, (request, reply) => {
    const tenant = customerWithRelationship(context, param(request, 'customerId'));
    const body = asRecord(request.body);
    const name = normaliseEnum(body.qualification, QUALIFICATION_NAMES);
    if (name === undefined)
      throw invalidInput(`qualification must be one of ${QUALIFICATION_NAMES.join(', ')} (None and Nonprofit cannot be set).`);
    // Once set, a qualification is not overridden (documented for Education): a repeat returns the record.
    const existing = tenant.qualifications.get(name);
    if (existing !== undefined) return reply.code(201).send(qualificationView(existing));
    const qualification: Qualification = {
      qualification: name,
      vettingStatus: 'Approved',
      vettingCreateDate: new Date(context.now()).toISOString(),
    };
    if (name === 'Education') {
      const segment = normaliseEnum(body.educationSegment, EDUCATION_SEGMENTS);
      if (segment === undefined)
        throw invalidInput('educationSegment (K12 or HigherEducation) is required for the Education qualification.');
      qualification.educationSegment = segment;
      qualification.website = optionalString(body, 'website');
      // Education goes through Microsoft's vetting unless a test pre-decided it.
      qualification.vettingStatus = tenant.presetVetting.get('Education') ?? 'InReview';
    } else if (name === 'GovernmentCommunityCloud') {
      if ((optionalString(body, 'validationCode') ?? query(request, 'code')) === undefined)
        throw invalidInput('A validation code (body validationCode or ?code=) is required for GovernmentCommunityCloud.');
      qualification.vettingStatus = tenant.presetVetting.get(name) ?? 'Approved';
    } else {
      // Whether StateOwnedEntity is vetted is unconfirmed: the simulator approves it at once.
      qualification.vettingStatus = tenant.presetVetting.get(name) ?? 'Approved';
    }
    if (qualification.vettingStatus === 'Denied') qualification.vettingReason = 'The organization could not be verified.';
    tenant.qualifications.set(name, qualification);
    return reply.code(201).send(qualificationView(qualification));
  });
};
