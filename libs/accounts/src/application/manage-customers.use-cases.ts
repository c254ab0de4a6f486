import { randomUUID } from 'node:crypto';
import type { Customer } from '../domain/customer.model';
import type { CustomerRepository } from './accounts.ports';

export class CreateCustomer {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(input: { partnerId: string; name: string }): Promise<Customer> {
    const now = this.clock();
    const customer: Customer = {
      id: randomUUID(),
      partnerId: input.partnerId,
      name: input.name,
      tenant: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.customers.insert(customer);
    return customer;
  }
}
