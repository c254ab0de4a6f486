import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { authGuard } from '../http/auth.guard';
import { asRecord, normaliseEnum, optionalString } from '../http/casing';
import { SimulatedApiError, invalidInput } from '../http/error-body';
import type { RouteRegistrar, SimContext } from '../sim-context';
import { DAY_MS } from '../state/durations';
import type { Agreement, Attestation, PrimaryContact, Tenant } from '../state/tenant.model';
import { MCA_AGREEMENT_LINK, MCA_TEMPLATE_ID } from '../state/tenant.store';
import { agreementView, attestationView } from '../views/customer.view';
import { collection } from '../views/links';
import { customerWithRelationship, param, query } from './customer-access';

const AGREEMENT_TYPES = ['MicrosoftCustomerAgreement', 'MicrosoftCloudAgreement'] as const;
type AgreementType = (typeof AGREEMENT_TYPES)[number];
// The Microsoft Cloud Agreement template id is invented (only the MCA one appears in Microsoft's examples).
const TEMPLATES: Record<AgreementType, { templateId: string; agreementLink: string }> = {
  MicrosoftCustomerAgreement: { templateId: MCA_TEMPLATE_ID, agreementLink: MCA_AGREEMENT_LINK },
  MicrosoftCloudAgreement: { templateId: '0c3bde54-3d3a-4a8e-9d5c-1f2a3b4c5d6e', agreementLink: 'https://aka.ms/microsoftcloudagreement' },
};

/** A community source says a missing agreementType means MicrosoftCloudAgreement; `*` or `All` lists both. */
function requestedTypes(raw: string | undefined): AgreementType[] {
  if (raw === undefined) return ['MicrosoftCloudAgreement'];
  if (raw === '*' || raw.toLowerCase() === 'all') return [...AGREEMENT_TYPES];
  const type = normaliseEnum(raw, AGREEMENT_TYPES);
  if (type === undefined) throw invalidInput(`agreementType must be one of ${AGREEMENT_TYPES.join(', ')}.`);
  return [type];
}

export function baseUrl(context: SimContext, request: FastifyRequest): string {
  return context.settings.publicUrl !== ''
    ? context.settings.publicUrl
    : `http://${request.headers.host ?? `${context.settings.host}:${context.settings.port}`}`;
}

function alreadyExists(): SimulatedApiError {
  return new SimulatedApiError(400, 600061, 'A partner confirmed agreement already exists for this customer.', {
    errorName: 'PartnerConfirmedAgreementAlreadyExists',
    isRetryable: false,
  });
}

function readContact(record: Record<string, unknown>): PrimaryContact | undefined {
  const firstName = optionalString(record, 'firstName');
  const lastName = optionalString(record, 'lastName');
  const email = optionalString(record, 'email');
  if (firstName === undefined || lastName === undefined || email === undefined) return undefined;
  return { firstName, lastName, email, phoneNumber: optionalString(record, 'phoneNumber') };
}

function attestationFor(context: SimContext, tenant: Tenant, attestationId: string): Attestation {
  const attestation = context.state.tenants.attestations.get(attestationId.toLowerCase());
  if (attestation === undefined) throw invalidInput(`Attestation ${attestationId} was not found.`);
  if (attestation.customerId !== undefined && attestation.customerId !== tenant.id)
    throw invalidInput(`Attestation ${attestationId} belongs to another customer.`);
  if (attestation.agreementCustomerId !== undefined) throw alreadyExists();
  const expired = attestation.status === 'pending' && context.now() >= Date.parse(attestation.expirationDateTime);
  if (attestation.status !== 'accepted') {
    throw new SimulatedApiError(400, 2000, `Attestation ${attestationId} is ${expired ? 'expired' : 'not yet accepted by the customer'}.`, {
      errorName: 'AttestationNotAccepted',
      isRetryable: false,
    });
  }
  return attestation;
}

/**
 * An agreement from an accepted enhanced attestation (the body beyond `attestationId` is assumed, api md
 * follow-up). The credential type and the retired legacy attestation (no `attestationId`) are refused
 * before the handler runs (auth.guard.ts, from the credential table).
 */
function createAgreement(context: SimContext, request: FastifyRequest, tenant: Tenant): Agreement {
  const body = asRecord(request.body);
  const attestationId = optionalString(body, 'attestationId');
  if (attestationId === undefined) throw invalidInput('attestationId is required.');
  const type = normaliseEnum(body.type, AGREEMENT_TYPES);
  if (type === undefined) throw invalidInput(`type must be one of ${AGREEMENT_TYPES.join(', ')}.`);
  const templateId = optionalString(body, 'templateId');
  if (templateId === undefined || templateId.toLowerCase() !== TEMPLATES[type].templateId)
    throw invalidInput(`templateId is not valid for ${type}.`);
  const attestation = attestationFor(context, tenant, attestationId);
  const contact = readContact(asRecord(body.primaryContact)) ?? {
    firstName: attestation.signatoryFirstName,
    lastName: attestation.signatoryLastName,
    email: attestation.signatoryEmail,
    phoneNumber: attestation.signatoryPhoneNumber,
  };
  const dateAgreed = optionalString(body, 'dateAgreed') ?? attestation.acceptedDateTime;
  if (dateAgreed === undefined || Number.isNaN(Date.parse(dateAgreed))) throw invalidInput('dateAgreed must be a UTC ISO-8601 date.');
  const agreement: Agreement = {
    primaryContact: contact,
    templateId: TEMPLATES[type].templateId,
    dateAgreed: new Date(Date.parse(dateAgreed)).toISOString(),
    type,
    agreementLink: TEMPLATES[type].agreementLink,
    attestationId: attestation.id,
  };
  attestation.agreementCustomerId = tenant.id;
  tenant.agreements.push(agreement);
  return agreement;
}

function createAttestation(context: SimContext, request: FastifyRequest): Attestation {
  const body = asRecord(request.body);
  const field = (name: string): string => {
    const value = optionalString(body, name);
    if (value === undefined) throw invalidInput(`${name} is required.`);
    return value;
  };
  const country = field('country').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw invalidInput('country must be an ISO 3166-1 alpha-2 code.');
  const customerId = optionalString(body, 'customerId') ?? optionalString(body, 'customerTenantId');
  if (customerId !== undefined && context.state.tenants.byId(customerId) === undefined)
    throw invalidInput(`Customer ${customerId} was not found.`);
  const now = context.now();
  const id = randomUUID();
  const attestation: Attestation = {
    id,
    status: 'pending',
    country,
    language: field('language'),
    companyName: field('companyName'),
    signatoryFirstName: field('signatoryFirstName'),
    signatoryLastName: field('signatoryLastName'),
    signatoryEmail: field('signatoryEmail'),
    signatoryPhoneNumber: optionalString(body, 'signatoryPhoneNumber'),
    customerId: customerId?.toLowerCase(),
    createdDateTime: new Date(now).toISOString(),
    expirationDateTime: new Date(now + context.settings.attestationExpiryDays * DAY_MS).toISOString(),
    acceptanceUrl: `${baseUrl(context, request)}/_sim/mca/accept/${id}`,
  };
  context.state.tenants.attestations.set(id, attestation);
  return attestation;
}

export const registerAgreementRoutes: RouteRegistrar = (app, context) => {
  const anyToken = authGuard(context, 'partner-center');

  app.get('/v1/agreements', { onRequest: anyToken }, (request, reply) => {
    const items = requestedTypes(query(request, 'agreementType')).map((type) => ({
      ...TEMPLATES[type],
      agreementType: type,
      versionRank: 0,
      attributes: { objectType: 'AgreementMetaData' },
    }));
    return reply.send(collection(items, '/agreements'));
  });

  app.get('/v1/customers/:customerId/agreements', { onRequest: anyToken }, (request, reply) => {
    const tenant = customerWithRelationship(context, param(request, 'customerId'));
    const types = requestedTypes(query(request, 'agreementType'));
    const items = tenant.agreements.filter((agreement) => types.includes(agreement.type)).map(agreementView);
    return reply.send(collection(items, `/customers/${tenant.id}/agreements`));
  });

  app.post('/v1/customers/:customerId/agreements', { onRequest: anyToken }, (request, reply) => {
    const tenant = customerWithRelationship(context, param(request, 'customerId'));
    return reply.code(201).send(agreementView(createAgreement(context, request, tenant)));
  });

  app.get('/v1/customers/:customerId/directSignedMicrosoftCustomerAgreementStatus', { onRequest: anyToken }, (request, reply) => {
    const tenant = customerWithRelationship(context, param(request, 'customerId'));
    return reply.send({ isSigned: tenant.directSignedMca, attributes: { objectType: 'DirectSignedCustomerAgreementStatus' } });
  });

  app.post('/v1/attestations/enhanced', { onRequest: anyToken }, (request, reply) => {
    return reply.code(201).send(attestationView(createAttestation(context, request), context.now()));
  });

  app.get('/v1/attestations/enhanced/:attestationId', { onRequest: anyToken }, (request, reply) => {
    const attestation = context.state.tenants.attestations.get(param(request, 'attestationId').toLowerCase());
    if (attestation === undefined) throw new SimulatedApiError(404, 1000, 'Attestation not found.', { isRetryable: false });
    return reply.send(attestationView(attestation, context.now()));
  });
};
