import { DAY_MS } from './durations';
import type { GdapRelationship } from './gdap.model';

export interface GdapTiming {
  activationDelayMs: number;
  approvalExpiryDays: number;
}

/**
 * GDAP relationships of the simulated partner. Timed progressions (approved → activating → active,
 * active → expired, approvalPending → expired after 90 days) are applied lazily when a relationship is
 * read, so no timers exist and a reset leaves nothing running.
 */
export class GdapStore {
  readonly relationships = new Map<string, GdapRelationship>();
  private readonly byCustomer = new Map<string, string[]>();
  private readonly displayNames = new Set<string>();

  add(relationship: GdapRelationship): void {
    this.relationships.set(relationship.id, relationship);
    this.displayNames.add(relationship.displayName.toLowerCase());
    if (relationship.customer !== undefined) this.indexCustomer(relationship.id, relationship.customer.tenantId);
  }

  indexCustomer(relationshipId: string, tenantId: string): void {
    const list = this.byCustomer.get(tenantId.toLowerCase());
    if (list === undefined) this.byCustomer.set(tenantId.toLowerCase(), [relationshipId]);
    else if (!list.includes(relationshipId)) list.push(relationshipId);
  }

  isDisplayNameTaken(displayName: string): boolean {
    return this.displayNames.has(displayName.toLowerCase());
  }

  rename(relationship: GdapRelationship, displayName: string): void {
    this.displayNames.delete(relationship.displayName.toLowerCase());
    relationship.displayName = displayName;
    this.displayNames.add(displayName.toLowerCase());
  }

  remove(relationship: GdapRelationship): void {
    this.relationships.delete(relationship.id);
    this.displayNames.delete(relationship.displayName.toLowerCase());
    if (relationship.customer !== undefined) {
      const list = this.byCustomer.get(relationship.customer.tenantId.toLowerCase());
      if (list !== undefined) list.splice(list.indexOf(relationship.id), 1);
    }
  }

  get(id: string, now: number, timing: GdapTiming): GdapRelationship | undefined {
    const relationship = this.relationships.get(id.toLowerCase());
    if (relationship !== undefined) refreshRelationship(relationship, now, timing);
    return relationship;
  }

  list(customerTenantId: string | undefined, now: number, timing: GdapTiming): GdapRelationship[] {
    const source =
      customerTenantId === undefined
        ? [...this.relationships.values()]
        : (this.byCustomer.get(customerTenantId.toLowerCase()) ?? [])
            .map((id) => this.relationships.get(id))
            .filter((r): r is GdapRelationship => r !== undefined);
    for (const relationship of source) refreshRelationship(relationship, now, timing);
    return source;
  }

  clear(): void {
    this.relationships.clear();
    this.byCustomer.clear();
    this.displayNames.clear();
  }
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function activate(relationship: GdapRelationship, activatedAt: number): void {
  relationship.status = 'active';
  relationship.activatedDateTime = iso(activatedAt);
  relationship.endDateTime = iso(activatedAt + relationship.durationMs);
  relationship.lastModifiedDateTime = iso(activatedAt);
  relationship.etagVersion += 1;
}

/** Access assignments become active once their relationship is active (at the next read after creation). */
function activateAssignments(relationship: GdapRelationship, now: number): void {
  for (const assignment of relationship.accessAssignments.values()) {
    if (assignment.status === 'pending') {
      assignment.status = 'active';
      assignment.lastModifiedDateTime = iso(now);
      assignment.etagVersion += 1;
    }
  }
}

export function refreshRelationship(relationship: GdapRelationship, now: number, timing: GdapTiming): void {
  const delay = timing.activationDelayMs;
  if (
    relationship.status === 'approvalPending' &&
    relationship.lockedAt !== undefined &&
    now - relationship.lockedAt >= timing.approvalExpiryDays * DAY_MS
  ) {
    relationship.status = 'expired';
    relationship.lastModifiedDateTime = iso(relationship.lockedAt + timing.approvalExpiryDays * DAY_MS);
  }
  if ((relationship.status === 'approved' || relationship.status === 'activating') && relationship.approvedAt !== undefined) {
    if (now >= relationship.approvedAt + delay) activate(relationship, relationship.approvedAt + delay);
    else if (now >= relationship.approvedAt + delay / 2 && relationship.status === 'approved') relationship.status = 'activating';
  }
  if (relationship.status === 'active' && relationship.endDateTime !== undefined && now >= Date.parse(relationship.endDateTime)) {
    if (relationship.autoExtendDuration === 'P180D') {
      // Auto-extend adds 180 days at each end date until it is disabled.
      let end = Date.parse(relationship.endDateTime);
      while (end <= now) end += 180 * DAY_MS;
      relationship.endDateTime = iso(end);
    } else {
      relationship.status = 'expired';
      relationship.lastModifiedDateTime = relationship.endDateTime;
    }
  }
  if (relationship.status === 'active') activateAssignments(relationship, now);
  if (
    (relationship.status === 'terminationRequested' || relationship.status === 'terminating') &&
    relationship.terminationRequestedAt !== undefined
  ) {
    if (now >= relationship.terminationRequestedAt + delay) {
      relationship.status = 'terminated';
      relationship.lastModifiedDateTime = iso(relationship.terminationRequestedAt + delay);
    } else if (now >= relationship.terminationRequestedAt + delay / 2) {
      relationship.status = 'terminating';
    }
  }
}
