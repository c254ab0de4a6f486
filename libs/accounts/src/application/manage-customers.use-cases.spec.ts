import { InMemoryCustomerRepository } from '../../../testing/src/fakes/accounts.fakes';
import { CreateCustomer } from './manage-customers.use-cases';

describe('CreateCustomer', () => {
  it('stores a new customer of the partner, not yet linked to a Microsoft tenant', async () => {
    const customers = new InMemoryCustomerRepository();
    const at = new Date('2026-12-03T10:00:00Z');

    const created = await new CreateCustomer(customers, () => at).execute({ partnerId: 'partner-1', name: 'Contoso Ltd' });

    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      partnerId: 'partner-1',
      name: 'Contoso Ltd',
      tenant: null,
      createdAt: at,
      updatedAt: at,
    });
    expect(await customers.findById(created.id)).toEqual(created);
  });

  it('gives every customer its own id, even with the same name', async () => {
    const customers = new InMemoryCustomerRepository();
    const create = new CreateCustomer(customers);

    const first = await create.execute({ partnerId: 'partner-1', name: 'Contoso Ltd' });
    const second = await create.execute({ partnerId: 'partner-1', name: 'Contoso Ltd' });

    expect(first.id).not.toBe(second.id);
    expect(customers.rows.size).toBe(2);
  });
});
