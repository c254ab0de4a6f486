import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { authGuard } from '../http/auth.guard';
import { asRecord, optionalString } from '../http/casing';
import type { RouteRegistrar, SimContext } from '../sim-context';
import type { AccessAssignment, GdapRelationship, UnifiedRole } from '../state/gdap.model';
import { GRAPH_BASE, assignmentEtag, assignmentView } from '../views/gdap.view';
import { param } from './customer-access';
import { badGraphRequest, graphError, graphLocation, readRoles, relationshipOf, requireIfMatch } from './gdap-input';

/** Statuses in which security groups may be assigned. Microsoft says "after active"; pending ones wait. */
const ASSIGNABLE = new Set(['approvalPending', 'approved', 'activating', 'active']);

function rolesWithin(relationship: GdapRelationship, roles: UnifiedRole[]): UnifiedRole[] {
  const granted = new Set(relationship.unifiedRoles.map((role) => role.roleDefinitionId.toLowerCase()));
  const outside = roles.filter((role) => !granted.has(role.roleDefinitionId));
  if (outside.length > 0)
    throw badGraphRequest(`Roles not granted by the relationship: ${outside.map((role) => role.roleDefinitionId).join(', ')}.`);
  return roles;
}

function assignmentOf(context: SimContext, request: FastifyRequest): { relationship: GdapRelationship; assignment: AccessAssignment } {
  const relationship = relationshipOf(context, request);
  const assignment = relationship.accessAssignments.get(param(request, 'assignmentId').toLowerCase());
  if (assignment === undefined)
    throw graphError(404, 'itemNotFound', `The access assignment ${param(request, 'assignmentId')} was not found.`);
  return { relationship, assignment };
}

export const registerGdapAccessAssignmentRoutes: RouteRegistrar = (app, context) => {
  const graph = authGuard(context, 'graph');
  const base = `${GRAPH_BASE}/:relationshipId/accessAssignments`;

  app.post(base, { onRequest: graph }, (request, reply) => {
    const relationship = relationshipOf(context, request);
    if (!ASSIGNABLE.has(relationship.status))
      throw badGraphRequest(`Access cannot be assigned while the relationship is ${relationship.status}.`);
    const body = asRecord(request.body);
    const container = asRecord(body.accessContainer);
    const containerId = optionalString(container, 'accessContainerId');
    if (containerId === undefined) throw badGraphRequest('accessContainer.accessContainerId is required.');
    if ((optionalString(container, 'accessContainerType') ?? 'securityGroup').toLowerCase() !== 'securitygroup')
      throw badGraphRequest('accessContainer.accessContainerType must be securityGroup.');
    const duplicate = [...relationship.accessAssignments.values()].some(
      (existing) => existing.accessContainerId === containerId.toLowerCase() && existing.status !== 'deleted',
    );
    // One assignment per security group and relationship; the status for a clash is a guess (409).
    if (duplicate)
      throw graphError(409, 'conflict', `Security group ${containerId} already has an access assignment in this relationship.`);
    const now = new Date(context.now()).toISOString();
    const assignment: AccessAssignment = {
      id: randomUUID(),
      accessContainerId: containerId.toLowerCase(),
      accessContainerType: 'securityGroup',
      unifiedRoles: rolesWithin(relationship, readRoles(body.accessDetails)),
      status: 'pending',
      createdDateTime: now,
      lastModifiedDateTime: now,
      etagVersion: 1,
    };
    relationship.accessAssignments.set(assignment.id, assignment);
    return reply
      .code(201)
      .header('Location', graphLocation(context, request, `${GRAPH_BASE}/${relationship.id}/accessAssignments/${assignment.id}`))
      .send(assignmentView(assignment));
  });

  app.get(base, { onRequest: graph }, (request, reply) => {
    const relationship = relationshipOf(context, request);
    return reply.send({
      '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#tenantRelationships/delegatedAdminRelationships('${relationship.id}')/accessAssignments`,
      value: [...relationship.accessAssignments.values()].map(assignmentView),
    });
  });

  app.get(`${base}/:assignmentId`, { onRequest: graph }, (request, reply) =>
    reply.send(assignmentView(assignmentOf(context, request).assignment)),
  );

  app.patch(`${base}/:assignmentId`, { onRequest: graph }, (request, reply) => {
    const { relationship, assignment } = assignmentOf(context, request);
    requireIfMatch(request, assignmentEtag(assignment));
    if (assignment.status === 'deleted' || assignment.status === 'deleting')
      throw badGraphRequest('A deleted access assignment cannot be updated.');
    assignment.unifiedRoles = rolesWithin(relationship, readRoles(asRecord(request.body).accessDetails));
    assignment.lastModifiedDateTime = new Date(context.now()).toISOString();
    assignment.etagVersion += 1;
    return reply.send(assignmentView(assignment));
  });

  app.delete(`${base}/:assignmentId`, { onRequest: graph }, (request, reply) => {
    const { assignment } = assignmentOf(context, request);
    assignment.status = 'deleted';
    assignment.lastModifiedDateTime = new Date(context.now()).toISOString();
    assignment.etagVersion += 1;
    return reply.code(204).send();
  });
};
