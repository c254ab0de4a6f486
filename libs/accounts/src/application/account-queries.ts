import { type Principal, canSee } from '@nce/contracts';
import type { Customer } from '../domain/customer.model';
import type { Partner } from '../domain/partner.model';
import type { CustomerRepository, PartnerRepository } from './accounts.ports';

const CUSTOMER_ID = /^[0-9a-f-]{36}$/i;

/** Reads of partners and customers as a key may see them; null when missing or not visible (the API answers 404). */
export class AccountQueries {
  constructor(
    private readonly customers: Pick<CustomerRepository, 'findById' | 'listByPartner'>,
    private readonly partners: Pick<PartnerRepository, 'findById'>,
  ) {}

  /** Operators see every customer, a partner its own, a customer itself. */
  async visibleCustomer(principal: Principal, id: string): Promise<Customer | null> {
    const customer = CUSTOMER_ID.test(id) ? await this.customers.findById(id) : null;
    return customer && canSee(principal, { partnerId: customer.partnerId, customerId: customer.id }) ? customer : null;
  }

  /** Newest first, keyset paged; an operator lists every partner's customers. */
  listCustomers(principal: Principal, page: { limit: number; after?: { createdAt: Date; id: string } }): Promise<Customer[]> {
    return this.customers.listByPartner(principal.role === 'operator' ? null : principal.partnerId, page);
  }

  partner(id: string | null | undefined): Promise<Partner | null> {
    return id ? this.partners.findById(id) : Promise.resolve(null);
  }

  /** The partner a key acts for: its own, or its customer's. */
  async partnerOf(principal: Principal): Promise<Partner | null> {
    const partnerId =
      principal.partnerId ?? (principal.customerId ? (await this.customers.findById(principal.customerId))?.partnerId : null);
    return this.partner(partnerId);
  }

  /** Whom a key belongs to; null when its account no longer exists. */
  async owner(principal: Principal): Promise<{ customer: Customer | null; partner: Partner } | null> {
    const customer = principal.customerId ? await this.customers.findById(principal.customerId) : null;
    const partner = await this.partner(customer?.partnerId ?? principal.partnerId);
    if (!partner || (principal.role === 'customer' && !customer)) return null;
    return { customer, partner };
  }

  /** The partner's customers linked to a Microsoft tenant (GDAP checks concern only them). */
  async linkedCustomerIds(partnerId: string): Promise<string[]> {
    return (await this.customers.listByPartner(partnerId, { limit: 100_000 }))
      .filter((customer) => customer.tenant !== null)
      .map((customer) => customer.id);
  }
}
