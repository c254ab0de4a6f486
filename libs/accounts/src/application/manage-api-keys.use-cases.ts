import { randomUUID } from 'node:crypto';
import type { Principal, Role } from '@nce/contracts';
import { type ApiKeyRecord, canManageKey, generateApiKey, isKeyActive } from '../domain/api-key.model';
import { ApiKeyForbiddenError, ApiKeyNotFoundError, ApiKeyRevokedError, CustomerNotFoundError } from '../domain/accounts.errors';
import type { ApiKeyRepository, AuditTrail, CustomerRepository } from './accounts.ports';

/** Who issues a key: a principal (recorded as actor and `createdBy`), or the ops command line. */
export type KeyIssuer = Principal | 'ops-cli';

export interface IssuedApiKey {
  id: string;
  apiKey: string;
  prefix: string;
  expiresAt: Date | null;
}

function issuerId(issuer: KeyIssuer): string {
  return issuer === 'ops-cli' ? 'ops-cli' : issuer.apiKeyId;
}

async function audit(
  trail: AuditTrail | null,
  issuer: KeyIssuer,
  action: string,
  keyId: string,
  details: Record<string, unknown>,
): Promise<void> {
  if (!trail) return;
  await trail.record({
    actorKeyId: issuer === 'ops-cli' ? null : issuer.apiKeyId,
    actorRole: issuer === 'ops-cli' ? 'ops-cli' : issuer.role,
    action,
    targetType: 'api_key',
    targetId: keyId,
    details,
  });
}

/** Issues partner and operator keys (ops CLI, demo seed). Returns the key once; only its hash is kept. */
export class IssueApiKey {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly clock: () => Date = () => new Date(),
    private readonly trail: AuditTrail | null = null,
  ) {}

  async execute(input: {
    role: 'partner' | 'operator';
    partnerId?: string;
    label?: string;
    scopes?: string[];
    expiresAt?: Date | null;
    issuer?: KeyIssuer;
  }): Promise<IssuedApiKey> {
    const issuer = input.issuer ?? 'ops-cli';
    const issued = await insertKey(this.keys, this.clock(), {
      role: input.role,
      partnerId: input.partnerId ?? null,
      customerId: null,
      label: input.label ?? null,
      scopes: input.scopes ?? [],
      expiresAt: input.expiresAt ?? null,
      createdBy: issuerId(issuer),
    });
    await audit(this.trail, issuer, 'api_key.issued', issued.id, {
      role: input.role,
      partnerId: input.partnerId ?? null,
      prefix: issued.prefix,
    });
    return issued;
  }
}

/** A customer's key, issued by its partner (or the ops CLI); operators never act as customers. */
export class CreateCustomerApiKey {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly keys: ApiKeyRepository,
    private readonly clock: () => Date = () => new Date(),
    private readonly trail: AuditTrail | null = null,
  ) {}

  async execute(input: { customerId: string; label?: string; expiresAt?: Date | null; issuer?: KeyIssuer }): Promise<IssuedApiKey> {
    const issuer = input.issuer ?? 'ops-cli';
    if (issuer !== 'ops-cli' && issuer.role !== 'partner')
      throw new ApiKeyForbiddenError('Only the partner issues API keys for its customers');
    const customer = await this.customers.findById(input.customerId);
    if (!customer || (issuer !== 'ops-cli' && customer.partnerId !== issuer.partnerId)) throw new CustomerNotFoundError(input.customerId);
    const issued = await insertKey(this.keys, this.clock(), {
      role: 'customer',
      partnerId: customer.partnerId,
      customerId: customer.id,
      label: input.label ?? null,
      scopes: [],
      expiresAt: input.expiresAt ?? null,
      createdBy: issuerId(issuer),
    });
    await audit(this.trail, issuer, 'api_key.issued', issued.id, { role: 'customer', customerId: customer.id, prefix: issued.prefix });
    return issued;
  }
}

async function insertKey(
  keys: ApiKeyRepository,
  now: Date,
  spec: {
    role: Role;
    partnerId: string | null;
    customerId: string | null;
    label: string | null;
    scopes: string[];
    expiresAt: Date | null;
    createdBy: string;
  },
): Promise<IssuedApiKey> {
  const generated = generateApiKey(spec.role);
  const id = randomUUID();
  await keys.insert({ id, hash: generated.hash, prefix: generated.prefix, ...spec, createdAt: now });
  return { id, apiKey: generated.apiKey, prefix: generated.prefix, expiresAt: spec.expiresAt };
}

/** List, revoke and rotate (DESIGN.md §9 additions). Invisible keys are "not found", like every resource. */
export class ManageApiKeys {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly trail: AuditTrail,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(principal: Principal, page: { limit: number; before?: { createdAt: Date; id: string } }): Promise<ApiKeyRecord[]> {
    if (principal.role === 'customer') throw new ApiKeyForbiddenError('Customer keys cannot manage API keys; ask your partner');
    return this.keys.list({ partnerId: principal.role === 'operator' ? null : principal.partnerId, ...page });
  }

  async revoke(actor: KeyIssuer, id: string): Promise<ApiKeyRecord> {
    const key = await this.visible(actor, id, 'revoke');
    const now = this.clock();
    if (await this.keys.revoke(key.id, now))
      await audit(this.trail, actor, 'api_key.revoked', key.id, { role: key.role, prefix: key.prefix });
    return (await this.keys.findById(key.id)) ?? key;
  }

  /** A new key with the same role, owner and label; the old one keeps working for `graceMs`, then expires. */
  async rotate(actor: Principal, id: string, graceMs: number): Promise<{ key: ApiKeyRecord; issued: IssuedApiKey }> {
    const old = await this.visible(actor, id, 'rotate');
    const now = this.clock();
    if (!isKeyActive(old, now)) throw new ApiKeyRevokedError(old.id);
    const issued = await insertKey(this.keys, now, {
      role: old.role,
      partnerId: old.partnerId,
      customerId: old.customerId,
      label: old.label,
      scopes: old.scopes,
      expiresAt: old.expiresAt,
      createdBy: actor.apiKeyId,
    });
    const oldExpiresAt = new Date(now.getTime() + graceMs);
    await this.keys.markRotated(old.id, issued.id, oldExpiresAt);
    await audit(this.trail, actor, 'api_key.rotated', old.id, {
      successorId: issued.id,
      previousExpiresAt: oldExpiresAt.toISOString(),
      prefix: issued.prefix,
    });
    const key = await this.keys.findById(issued.id);
    if (!key) throw new ApiKeyNotFoundError(issued.id);
    return { key, issued };
  }

  private async visible(actor: KeyIssuer, id: string, action: 'revoke' | 'rotate'): Promise<ApiKeyRecord> {
    const key = await this.keys.findById(id);
    if (!key) throw new ApiKeyNotFoundError(id);
    if (actor === 'ops-cli') return key;
    if (!canManageKey(actor, key, 'list')) throw new ApiKeyNotFoundError(id);
    if (!canManageKey(actor, key, action)) throw new ApiKeyForbiddenError(`${actor.role} keys cannot ${action} this key`);
    return key;
  }
}
