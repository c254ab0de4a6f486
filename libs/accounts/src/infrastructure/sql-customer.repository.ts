import { DEFAULT_PRICING, type PricingSettings } from '@nce/catalog';
import { type SqlExecutor, fromSqlTime, toSqlTime } from '@nce/persistence';
import type { CustomerRepository } from '../application/accounts.ports';
import type { Customer, CustomerTenant } from '../domain/customer.model';

interface CustomerRow {
  id: string;
  partner_id: string;
  name: string;
  tenant_id: string | null;
  tenant_domain: string | null;
  created_at: Date;
  updated_at: Date;
}

function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    partnerId: row.partner_id,
    name: row.name,
    tenant: row.tenant_id && row.tenant_domain ? { id: row.tenant_id, domain: row.tenant_domain } : null,
    createdAt: fromSqlTime(row.created_at),
    updatedAt: fromSqlTime(row.updated_at),
  };
}

export class SqlCustomerRepository implements CustomerRepository {
  constructor(private readonly db: SqlExecutor) {}

  async insert(customer: Customer): Promise<void> {
    await this.db.query(
      'INSERT INTO customers (id, partner_id, name, tenant_id, tenant_domain, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [
        customer.id,
        customer.partnerId,
        customer.name,
        customer.tenant?.id ?? null,
        customer.tenant?.domain ?? null,
        toSqlTime(customer.createdAt),
        toSqlTime(customer.updatedAt),
      ],
    );
  }

  async findById(id: string): Promise<Customer | null> {
    const rows = await this.db.query<CustomerRow[]>('SELECT * FROM customers WHERE id = ?', [id]);
    return rows[0] ? toCustomer(rows[0]) : null;
  }

  /** The customer with its partner in one query (the intake hot path). */
  async findWithPartner(id: string): Promise<{
    customer: Customer;
    partner: {
      id: string;
      channel: 'direct' | 'indirect';
      settings: { customerSelfOrdering: boolean; customerMcaAttestation: boolean; pricing: PricingSettings };
    };
  } | null> {
    const rows = await this.db.query<Array<CustomerRow & { channel: 'direct' | 'indirect'; settings: unknown }>>(
      'SELECT c.*, p.channel, p.settings FROM customers c JOIN partners p ON p.id = c.partner_id WHERE c.id = ?',
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    const settings = (typeof row.settings === 'string' ? JSON.parse(row.settings) : row.settings) as {
      customerSelfOrdering?: boolean;
      customerMcaAttestation?: boolean;
      pricing?: PricingSettings;
    };
    return {
      customer: toCustomer(row),
      partner: {
        id: row.partner_id,
        channel: row.channel,
        settings: {
          customerSelfOrdering: settings.customerSelfOrdering ?? false,
          customerMcaAttestation: settings.customerMcaAttestation ?? false,
          pricing: settings.pricing ?? DEFAULT_PRICING,
        },
      },
    };
  }

  async listByTenant(tenantId: string): Promise<Customer[]> {
    const rows = await this.db.query<CustomerRow[]>('SELECT * FROM customers WHERE tenant_id = ? LIMIT 10', [tenantId]);
    return rows.map(toCustomer);
  }

  async listByPartner(partnerId: string | null, page: { limit: number; after?: { createdAt: Date; id: string } }): Promise<Customer[]> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    if (partnerId !== null) {
      conditions.push('partner_id = ?');
      parameters.push(partnerId);
    }
    if (page.after) {
      conditions.push('(created_at > ? OR (created_at = ? AND id > ?))');
      parameters.push(toSqlTime(page.after.createdAt), toSqlTime(page.after.createdAt), page.after.id);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.db.query<CustomerRow[]>(`SELECT * FROM customers ${where} ORDER BY created_at, id LIMIT ?`, [
      ...parameters,
      page.limit,
    ]);
    return rows.map(toCustomer);
  }

  // The first account step to succeed fixes the link; later ones read back what is linked.
  async linkTenant(id: string, tenant: CustomerTenant, now: Date, tx?: SqlExecutor): Promise<CustomerTenant> {
    const db = tx ?? this.db;
    // One round trip: link if unlinked, then read what the customer is linked to.
    const [, rows] = await db.query<[unknown, CustomerRow[]]>(
      'UPDATE customers SET tenant_id = ?, tenant_domain = ?, updated_at = ? WHERE id = ? AND tenant_id IS NULL; SELECT * FROM customers WHERE id = ?',
      [tenant.id, tenant.domain, toSqlTime(now), id, id],
    );
    const linked = rows[0] ? toCustomer(rows[0]).tenant : null;
    return linked ?? tenant;
  }
}
