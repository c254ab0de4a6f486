import type { SqlExecutor } from '@nce/persistence';
import type { Customer, CustomerTenant } from '../domain/customer';
import type { Partner, PartnerSettings } from '../domain/partner';
import type { Role } from '@nce/contracts';

export interface StoredApiKey {
  id: string;
  role: Role;
  partnerId: string | null;
  customerId: string | null;
  revokedAt: Date | null;
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
  listByPartner(partnerId: string | null, page: { limit: number; after?: { createdAt: Date; id: string } }): Promise<Customer[]>;
  /** Links the tenant if none is linked yet; returns the tenant now linked (maybe another one). */
  linkTenant(id: string, tenant: CustomerTenant, now: Date, tx?: SqlExecutor): Promise<CustomerTenant>;
}

export interface ApiKeyRepository {
  insert(key: { id: string; hash: string; prefix: string; role: Role; partnerId: string | null; customerId: string | null; label: string | null; createdAt: Date }): Promise<void>;
  findByHash(hash: string): Promise<StoredApiKey | null>;
}

