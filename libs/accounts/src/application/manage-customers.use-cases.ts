import { randomUUID } from 'node:crypto';
import { generateApiKey } from '../domain/api-key';
import { CustomerNotFoundError } from '../domain/accounts.errors';
import type { Customer } from '../domain/customer';
import type { ApiKeyRepository, CustomerRepository } from './accounts.ports';

export class CreateCustomer {
  constructor(private readonly customers: CustomerRepository, private readonly clock: () => Date = () => new Date()) {}

  async execute(input: { partnerId: string; name: string }): Promise<Customer> {
    const now = this.clock();
    const customer: Customer = { id: randomUUID(), partnerId: input.partnerId, name: input.name, tenant: null, createdAt: now, updatedAt: now };
    await this.customers.insert(customer);
    return customer;
  }
}

export class CreateCustomerApiKey {
  constructor(private readonly customers: CustomerRepository, private readonly keys: ApiKeyRepository, private readonly clock: () => Date = () => new Date()) {}

  /** Returns the key once; only its hash is kept. */
  async execute(input: { customerId: string; label?: string }): Promise<{ apiKey: string; id: string }> {
    const customer = await this.customers.findById(input.customerId);
    if (!customer) throw new CustomerNotFoundError(input.customerId);
    const generated = generateApiKey('customer');
    const id = randomUUID();
    await this.keys.insert({ id, hash: generated.hash, prefix: generated.prefix, role: 'customer', partnerId: customer.partnerId, customerId: customer.id, label: input.label ?? null, createdAt: this.clock() });
    return { apiKey: generated.apiKey, id };
  }
}
