import type { SqlExecutor } from '@nce/persistence';
import type { Customer, CustomerTenant } from '../domain/customer.model';
import type { Partner, PartnerSettings } from '../domain/partner.model';
import type { ApiKeyRecord } from '../domain/api-key.model';

export type StoredApiKey = ApiKeyRecord;

export interface NewApiKey {
  id: string;
  hash: string;
  prefix: string;
  role: ApiKeyRecord['role'];
  partnerId: string | null;
  customerId: string | null;
  label: string | null;
  scopes?: readonly string[];
  createdAt: Date;
  createdBy: string;
  expiresAt?: Date | null;
}

/** Audit trail of key and operator actions; the persistence lib's SqlAuditLog fits it. */
export interface AuditTrail {
  record(entry: {
    actorKeyId: string | null;
    actorRole: string;
    action: string;
    targetType: string;
    targetId: string;
    details?: Record<string, unknown>;
  }): Promise<void>;
}

export interface PartnerRepository {
  insert(partner: Partner): Promise<void>;
  findById(id: string): Promise<Partner | null>;
  findByName(name: string): Promise<Partner | null>;
  list(): Promise<Partner[]>;
  updateSettings(id: string, settings: PartnerSettings, now: Date): Promise<void>;
}

export interface CustomerRepository {
  insert(customer: Customer): Promise<void>;
  findById(id: string): Promise<Customer | null>;
  /** Customers linked to a Microsoft customer tenant (normally one). */
  listByTenant(tenantId: string): Promise<Customer[]>;
  listByPartner(partnerId: string | null, page: { limit: number; after?: { createdAt: Date; id: string } }): Promise<Customer[]>;
  /** Links the tenant if none is linked yet; returns the tenant now linked (maybe another one). */
  linkTenant(id: string, tenant: CustomerTenant, now: Date, tx?: SqlExecutor): Promise<CustomerTenant>;
}

export interface ApiKeyRepository {
  insert(key: NewApiKey): Promise<void>;
  findByHash(hash: string): Promise<StoredApiKey | null>;
  findById(id: string): Promise<StoredApiKey | null>;
  /** Keys of one partner (its own and its customers'), or every key (null); newest first. */
  list(filter: { partnerId: string | null; limit: number; before?: { createdAt: Date; id: string } }): Promise<StoredApiKey[]>;
  /** Sets revoked_at unless already set; true when this call revoked it. */
  revoke(id: string, at: Date): Promise<boolean>;
  /** Ends a rotated key's life at `expiresAt` (never later than an expiry it already had). */
  markRotated(id: string, successorId: string, expiresAt: Date): Promise<void>;
  touchLastUsed(id: string, at: Date): Promise<void>;
}
