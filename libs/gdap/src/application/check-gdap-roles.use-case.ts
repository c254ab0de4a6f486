import { gdapApprovalUrl } from '@nce/partner-center';
import type { SqlExecutor } from '@nce/persistence';
import type { OrderEvent, OrderEventSink, OrderEventStore } from '@nce/orders';
import { roleCoverage } from '../domain/role-coverage.model';
import { assignAccess, autoExtensionFor } from './gdap-access.use-case';
import type { CustomerGdapRepository, CustomerGdapState, GdapPartnerCenter } from './gdap.ports';

export interface GdapCheckDeps {
  partnerCenter: GdapPartnerCenter;
  repository: CustomerGdapRepository;
  /** The customer's tenant and its partner's GDAP settings. */
  customerOf(
    customerId: string,
  ): Promise<{ tenantId: string; domain: string; gdapRoles: string[]; gdapDuration: string; securityGroups?: string[] } | null>;
  /** The customer's latest order, locked in `tx` (GDAP events are appended to its stream). */
  latestOrderId(tx: SqlExecutor, customerId: string): Promise<string | null>;
  events: OrderEventStore;
  eventSink: OrderEventSink;
  recheckBaseMs: number;
  recheckMaxMs: number;
  /** Automatic re-checks of a pending approval stop after this long (GDAP_RECHECK_DAYS); undefined = never. */
  recheckForMs?: number;
  clock?: () => Date;
}

/**
 * The GDAP check of one customer (DESIGN.md section 3.5): never blocks an order. Missing or expiring
 * roles → a relationship with every required role is created and locked for approval; the approval
 * URL is published; re-checked with back-off until the customer approved it, for at most `recheckForMs`:
 * then the re-checks stop (`rechecksStoppedAt`, no delayed job left) until a re-check on demand
 * (`requested`, the "Approved Partner Roles" button) or a new trigger starts another window.
 */
export class CheckGdapRoles {
  constructor(private readonly deps: GdapCheckDeps) {}

  async execute(customerId: string, correlationId: string, reason?: string): Promise<{ rerunInMs: number } | void> {
    const customer = await this.deps.customerOf(customerId);
    if (!customer) return;
    const call = { correlationId };
    const published: OrderEvent[] = [];
    const result = await this.deps.repository.withLock(customerId, async (tx, previous) => {
      const now = this.deps.clock?.() ?? new Date();
      const relationships = await this.deps.partnerCenter.listDelegatedAdminRelationships(customer.tenantId, call);
      const facts = relationships.map((relationship) => ({
        id: relationship.id,
        status: relationship.status,
        roleIds: relationship.accessDetails.unifiedRoles.map((role) => role.roleDefinitionId),
        endDateTime: relationship.endDateTime,
        autoExtendDuration: relationship.autoExtendDuration,
      }));
      const coverage = roleCoverage(facts, customer.gdapRoles, now.getTime());
      let relationshipId = coverage.pendingRelationshipId ?? null;
      if (coverage.status === 'missing') {
        // A relationship left in `created` (a check that ended before locking it) is reused when it grants
        // every role, otherwise deleted: never a second request for the customer to approve.
        const left = facts.filter((relationship) => relationship.status === 'created');
        const reusable = left.find((relationship) => customer.gdapRoles.every((role) => relationship.roleIds.includes(role)));
        for (const stale of left) if (stale !== reusable) await this.deps.partnerCenter.deleteDelegatedAdminRelationship(stale.id, call);
        const created =
          reusable ??
          (await this.deps.partnerCenter.createDelegatedAdminRelationship(
            {
              // Unique and at most 50 characters (Graph rule).
              displayName: `NCE ${customer.domain.split('.')[0].slice(0, 20)} ${now.getTime().toString(36)}`.slice(0, 50),
              duration: customer.gdapDuration,
              customer: { tenantId: customer.tenantId },
              accessDetails: { unifiedRoles: customer.gdapRoles.map((roleDefinitionId) => ({ roleDefinitionId })) },
              ...autoExtensionFor(customer.gdapRoles),
            },
            call,
          ));
        await this.deps.partnerCenter.lockForApproval(created.id, call);
        relationshipId = created.id;
      }
      if (coverage.status === 'approved' && (customer.securityGroups ?? []).length > 0) {
        await assignAccess(this.deps.partnerCenter, facts, customer.gdapRoles, customer.securityGroups ?? [], now.getTime(), call);
      }
      const status = coverage.status === 'approved' ? 'approved' : 'approval_pending';
      const state: CustomerGdapState = {
        customerId,
        status,
        missingRoles: coverage.missingRoles,
        approvalUrl: relationshipId && status === 'approval_pending' ? gdapApprovalUrl(relationshipId) : null,
        relationshipId: status === 'approval_pending' ? relationshipId : null,
        checkedAt: now,
      };
      if (status === 'approval_pending') {
        // The window runs from the first pending check; a check on demand or new required roles open a new one.
        const fresh = reason === 'requested' || reason === 'roles_changed';
        const continues = !fresh && previous?.status === 'approval_pending' && previous.pendingSince;
        state.pendingSince = continues ? previous.pendingSince : now;
        const stopAt = this.deps.recheckForMs === undefined ? undefined : (state.pendingSince as Date).getTime() + this.deps.recheckForMs;
        state.rechecksStoppedAt = stopAt !== undefined && now.getTime() >= stopAt ? now : null;
      }
      await this.deps.repository.save(tx, state);
      const changed = previous?.status !== state.status || previous?.approvalUrl !== state.approvalUrl;
      const orderId = changed ? await this.deps.latestOrderId(tx, customerId) : null;
      if (orderId) {
        const type = state.status === 'approved' ? 'gdap.roles_approved' : 'gdap.approval_required';
        const data = {
          customerId,
          status: state.status,
          missingRoles: state.missingRoles,
          ...(state.approvalUrl ? { approvalUrl: state.approvalUrl } : {}),
        };
        published.push(...(await this.deps.events.append(tx, orderId, [{ type, data }], now)));
      }
      return { state, previous };
    });
    this.deps.eventSink.committed(published);
    if (result.state.status === 'approved' || result.state.rechecksStoppedAt) return;
    // Back-off: twice the time since the previous pending check, from the base up to the cap.
    const sincePrevious =
      result.previous?.status === 'approval_pending' ? result.state.checkedAt.getTime() - result.previous.checkedAt.getTime() : 0;
    return { rerunInMs: Math.min(this.deps.recheckMaxMs, Math.max(this.deps.recheckBaseMs, sincePrevious * 2)) };
  }
}
