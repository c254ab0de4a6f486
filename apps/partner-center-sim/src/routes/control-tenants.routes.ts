import { asRecord, normaliseEnum, optionalString } from '../http/casing';
import type { RouteRegistrar, SimContext } from '../sim-context';
import { establishedRelationship } from '../state/gdap.factory';
import { ACCOUNT_STATUSES, type AccountStatus, QUALIFICATION_NAMES, type Tenant, VETTING_STATUSES } from '../state/tenant.model';
import { MCA_AGREEMENT_LINK, MCA_TEMPLATE_ID } from '../state/tenant.store';
import { agreementView, attestationView, customerView, qualificationView } from '../views/customer.view';
import { relationshipView } from '../views/gdap.view';
import { param } from './customer-access';
import { controlError, oneOf } from './control-input';
import { timing } from './gdap-input';

const MCA_STATES = ['valid', 'missing', 'stale'] as const;
/** The date a "stale" MCA was accepted: before Microsoft's 2023-04-01 refresh. */
const STALE_MCA_DATE = '2022-06-01T00:00:00.000Z';

function tenantOf(context: SimContext, id: string): Tenant {
  const tenant = context.state.tenants.byId(id);
  if (tenant === undefined) throw controlError(404, `tenant ${id} not found`);
  return tenant;
}

function readAccountStatus(value: unknown, fallback: AccountStatus | undefined): AccountStatus | undefined {
  if (value === undefined) return fallback;
  if (value === null || value === 'None') return undefined;
  return oneOf(value, ACCOUNT_STATUSES, 'Allowed', 'accountStatus (or "None" / null for no status)');
}

function setMca(context: SimContext, tenant: Tenant, state: (typeof MCA_STATES)[number]): void {
  tenant.agreements = tenant.agreements.filter((agreement) => agreement.type !== 'MicrosoftCustomerAgreement');
  tenant.directSignedMca = false;
  if (state === 'missing') return;
  tenant.agreements.push({
    primaryContact: { firstName: 'Sim', lastName: 'Signatory', email: `signatory@${tenant.domain}` },
    templateId: MCA_TEMPLATE_ID,
    dateAgreed: state === 'stale' ? STALE_MCA_DATE : new Date(context.now()).toISOString(),
    type: 'MicrosoftCustomerAgreement',
    agreementLink: MCA_AGREEMENT_LINK,
  });
}

function createTenant(context: SimContext, body: Record<string, unknown>): Tenant {
  const domain = optionalString(body, 'domain');
  if (domain === undefined) throw controlError(400, 'domain is required');
  if (context.state.tenants.byDomain(domain) !== undefined) throw controlError(409, `domain ${domain} already exists`);
  const relationship = body.relationship === undefined ? true : body.relationship === true;
  const now = context.now();
  const country = optionalString(body, 'country')?.toUpperCase() ?? 'US';
  const tenant = context.state.tenants.create({
    domain,
    companyName: optionalString(body, 'companyName'),
    relationshipToPartner: relationship ? 'reseller' : 'none',
    accountStatus: readAccountStatus(body.accountStatus, 'Allowed'),
    address: {
      country,
      city: 'Redmond',
      addressLine1: '1 Main Street',
      postalCode: '98052',
      state: country === 'US' ? 'WA' : undefined,
      firstName: 'Sim',
      lastName: 'Admin',
    },
    now: new Date(now).toISOString(),
  });
  const resellerId = optionalString(body, 'indirectResellerId');
  if (resellerId !== undefined) tenant.indirectReseller = { tenantId: resellerId, mpnId: optionalString(body, 'indirectResellerMpnId') };
  setMca(context, tenant, oneOf(body.mca, MCA_STATES, 'valid', 'mca'));
  const qualifications = Array.isArray(body.qualifications) ? body.qualifications : [];
  for (const entry of qualifications) {
    const record = typeof entry === 'string' ? { qualification: entry } : asRecord(entry);
    const name = normaliseEnum(record.qualification, QUALIFICATION_NAMES);
    if (name === undefined) throw controlError(400, `qualifications entries must be one of ${QUALIFICATION_NAMES.join(', ')}`);
    const vettingStatus = oneOf(record.vettingStatus, VETTING_STATUSES, 'Approved', 'vettingStatus');
    tenant.qualifications.set(name, {
      qualification: name,
      vettingStatus,
      vettingCreateDate: new Date(now).toISOString(),
      educationSegment: name === 'Education' ? 'K12' : undefined,
    });
  }
  const gdap = oneOf(body.gdap, ['none', 'active', 'expired'] as const, 'none', 'gdap');
  if (gdap !== 'none') {
    const roleIds = Array.isArray(body.gdapRoles) ? body.gdapRoles.filter((role): role is string => typeof role === 'string') : [];
    context.state.gdap.add(
      establishedRelationship({
        displayName: `Sim_${tenant.domain.split('.')[0]}_${tenant.id.slice(0, 8)}`.slice(0, 50),
        customer: { tenantId: tenant.id, displayName: tenant.billingProfile.companyName },
        roleIds,
        expired: gdap === 'expired',
        now,
      }),
    );
  }
  return tenant;
}

export const registerControlTenantRoutes: RouteRegistrar = (app, context) => {
  app.post('/_sim/tenants', (request, reply) => {
    const tenant = createTenant(context, asRecord(request.body));
    return reply.code(201).send({ tenantId: tenant.id, domain: tenant.domain });
  });

  app.post('/_sim/domains', (request, reply) => {
    // A domain owned by some other tenant the partner has no relationship with: HEAD → 200, GET → 404.
    const tenant = createTenant(context, { ...asRecord(request.body), relationship: false, mca: 'missing' });
    tenant.hiddenWithoutRelationship = true;
    return reply.code(201).send({ tenantId: tenant.id, domain: tenant.domain });
  });

  app.get('/_sim/tenants/:tenantId', (request, reply) => {
    const tenant = tenantOf(context, param(request, 'tenantId'));
    const now = context.now();
    return reply.send({
      customer: customerView(tenant),
      mca: context.state.tenants.mcaState(tenant),
      directSignedMca: tenant.directSignedMca,
      accountStatus: tenant.accountStatus ?? null,
      agreements: tenant.agreements.map(agreementView),
      attestations: context.state.tenants.attestationsOf(tenant.id).map((attestation) => attestationView(attestation, now)),
      qualifications: [...tenant.qualifications.values()].map(qualificationView),
      gdapRelationships: context.state.gdap.list(tenant.id, now, timing(context)).map(relationshipView),
    });
  });

  app.post('/_sim/tenants/:tenantId/accept-relationship', (request, reply) => {
    const tenant = tenantOf(context, param(request, 'tenantId'));
    const body = asRecord(request.body);
    tenant.relationshipToPartner = 'reseller';
    tenant.hiddenWithoutRelationship = false;
    const resellerId = optionalString(body, 'indirectResellerId');
    if (resellerId !== undefined) tenant.indirectReseller = { tenantId: resellerId, mpnId: optionalString(body, 'indirectResellerMpnId') };
    return reply.send({ tenantId: tenant.id, relationshipToPartner: tenant.relationshipToPartner });
  });

  app.post('/_sim/tenants/:tenantId/remove-relationship', (request, reply) => {
    const tenant = tenantOf(context, param(request, 'tenantId'));
    tenant.relationshipToPartner = 'none';
    tenant.hiddenWithoutRelationship = asRecord(request.body).respond === 404;
    return reply.send({
      tenantId: tenant.id,
      relationshipToPartner: 'none',
      getCustomerAnswers: tenant.hiddenWithoutRelationship ? 404 : 403,
    });
  });

  app.post('/_sim/tenants/:tenantId/accept-mca', (request, reply) => {
    const tenant = tenantOf(context, param(request, 'tenantId'));
    const mode = oneOf(asRecord(request.body).mode, ['auto', 'direct', 'attestations'] as const, 'auto', 'mode');
    const now = context.now();
    const company = tenant.billingProfile.companyName.toLowerCase();
    // Pending attestations of this customer: linked by customerId, or unlinked with the same company name.
    const pending = [...context.state.tenants.attestations.values()].filter(
      (attestation) =>
        attestation.status === 'pending' &&
        now < Date.parse(attestation.expirationDateTime) &&
        (attestation.customerId === tenant.id ||
          (attestation.customerId === undefined && attestation.companyName.toLowerCase() === company)),
    );
    const useAttestations = mode === 'attestations' || (mode === 'auto' && pending.length > 0);
    if (useAttestations) {
      for (const attestation of pending) {
        attestation.status = 'accepted';
        attestation.acceptedDateTime = new Date(now).toISOString();
        attestation.customerId = tenant.id;
      }
    } else {
      tenant.directSignedMca = true;
    }
    return reply.send({
      tenantId: tenant.id,
      directSigned: tenant.directSignedMca,
      acceptedAttestations: useAttestations ? pending.map((attestation) => attestation.id) : [],
    });
  });

  app.put('/_sim/tenants/:tenantId/mca', (request, reply) => {
    const tenant = tenantOf(context, param(request, 'tenantId'));
    setMca(context, tenant, oneOf(asRecord(request.body).mca, MCA_STATES, 'valid', 'mca'));
    return reply.send({ tenantId: tenant.id, mca: context.state.tenants.mcaState(tenant) });
  });

  app.put('/_sim/tenants/:tenantId/account-status', (request, reply) => {
    const tenant = tenantOf(context, param(request, 'tenantId'));
    tenant.accountStatus = readAccountStatus(asRecord(request.body).status ?? null, undefined);
    tenant.accountStatusUpdatedAt = new Date(context.now()).toISOString();
    return reply.send({ tenantId: tenant.id, accountStatus: tenant.accountStatus ?? null });
  });

  app.post('/_sim/tenants/:tenantId/vetting', (request, reply) => {
    const tenant = tenantOf(context, param(request, 'tenantId'));
    const body = asRecord(request.body);
    const name = normaliseEnum(body.qualification, QUALIFICATION_NAMES);
    if (name === undefined) throw controlError(400, `qualification must be one of ${QUALIFICATION_NAMES.join(', ')}`);
    const vettingStatus = oneOf(body.vettingStatus, ['Approved', 'Denied', 'InReview'] as const, 'Approved', 'vettingStatus');
    const existing = tenant.qualifications.get(name);
    if (existing === undefined) {
      tenant.presetVetting.set(name, vettingStatus);
      return reply.send({ tenantId: tenant.id, qualification: name, vettingStatus, applied: 'preset' });
    }
    existing.vettingStatus = vettingStatus;
    existing.vettingReason =
      vettingStatus === 'Denied' ? (optionalString(body, 'vettingReason') ?? 'The organization could not be verified.') : undefined;
    return reply.send({ tenantId: tenant.id, qualification: name, vettingStatus, applied: 'decided' });
  });
};
