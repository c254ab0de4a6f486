import { asRecord, optionalString } from '../http/casing';
import type { RouteRegistrar, SimContext } from '../sim-context';
import { refreshRelationship } from '../state/gdap.store';
import type { Attestation } from '../state/tenant.model';
import { attestationView } from '../views/customer.view';
import { relationshipView } from '../views/gdap.view';
import { param } from './customer-access';
import { controlError, escapeHtml } from './control-input';
import { timing } from './gdap-input';

function attestationOf(context: SimContext, id: string): Attestation {
  const attestation = context.state.tenants.attestations.get(id.toLowerCase());
  if (attestation === undefined) throw controlError(404, `attestation ${id} not found`);
  return attestation;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

/** Customer-side actions: approving GDAP, accepting the MCA on the (simulated) Microsoft page. */
export const registerControlApprovalRoutes: RouteRegistrar = (app, context) => {
  app.post('/_sim/gdap/:relationshipId/approve', (request, reply) => {
    const relationship = context.state.gdap.get(param(request, 'relationshipId'), context.now(), timing(context));
    if (relationship === undefined) throw controlError(404, `relationship ${param(request, 'relationshipId')} not found`);
    if (relationship.status !== 'approvalPending') throw controlError(409, `relationship is ${relationship.status}, not approvalPending`);
    const tenantId = optionalString(asRecord(request.body), 'tenantId');
    if (relationship.customer === undefined) {
      // A relationship created without a customer can be approved by any customer: bind it now.
      if (tenantId === undefined) throw controlError(400, 'tenantId is required: the relationship names no customer');
      relationship.customer = { tenantId: tenantId.toLowerCase() };
      context.state.gdap.indexCustomer(relationship.id, tenantId);
    }
    const now = context.now();
    relationship.status = 'approved';
    relationship.approvedAt = now;
    relationship.lastModifiedDateTime = new Date(now).toISOString();
    relationship.etagVersion += 1;
    refreshRelationship(relationship, now, timing(context));
    return reply.send(relationshipView(relationship));
  });

  app.post('/_sim/gdap/:relationshipId/expire', (request, reply) => {
    const relationship = context.state.gdap.get(param(request, 'relationshipId'), context.now(), timing(context));
    if (relationship === undefined) throw controlError(404, `relationship ${param(request, 'relationshipId')} not found`);
    const now = new Date(context.now()).toISOString();
    relationship.status = 'expired';
    relationship.endDateTime = now;
    relationship.lastModifiedDateTime = now;
    relationship.etagVersion += 1;
    return reply.send(relationshipView(relationship));
  });

  // The acceptanceUrl of an enhanced attestation points here: a stand-in for Microsoft's embeddable page.
  app.get('/_sim/mca/accept/:attestationId', (request, reply) => {
    const attestation = attestationOf(context, param(request, 'attestationId'));
    const view = attestationView(attestation, context.now());
    const form =
      view.status === 'pending'
        ? `<form method="post" action="/_sim/attestations/${escapeHtml(attestation.id)}/accept"><button type="submit">I accept the Microsoft Customer Agreement</button></form>`
        : `<p>Status: ${escapeHtml(String(view.status))}</p>`;
    return reply
      .type('text/html; charset=utf-8')
      .send(
        page(
          'Microsoft Customer Agreement (simulated)',
          `<p>${escapeHtml(attestation.companyName)}: ${escapeHtml(attestation.signatoryFirstName)} ${escapeHtml(attestation.signatoryLastName)}</p>${form}`,
        ),
      );
  });

  app.post('/_sim/attestations/:attestationId/accept', (request, reply) => {
    const attestation = attestationOf(context, param(request, 'attestationId'));
    const now = context.now();
    if (attestation.status === 'pending') {
      if (now >= Date.parse(attestation.expirationDateTime)) throw controlError(409, 'attestation has expired');
      attestation.status = 'accepted';
      attestation.acceptedDateTime = new Date(now).toISOString();
    }
    if (String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return reply.type('text/html; charset=utf-8').send(page('Thank you', '<p>The Microsoft Customer Agreement has been accepted.</p>'));
    }
    return reply.send(attestationView(attestation, now));
  });
};
