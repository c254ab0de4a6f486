import { randomUUID } from 'node:crypto';
import { ManagerExecutor } from '@nce/persistence';
import { type TestDatabase, createTestDatabase } from '@nce/testing';
import type { Order } from '../domain/order.model';
import { anOrder as baseOrder } from '@nce/testing/fakes';
import { SqlOrderRepository } from './sql-order.repository';

function anOrder(customerId: string, status: Order['status'], createdAt: Date): Order {
  return baseOrder({ id: randomUUID(), customerId, partnerId: randomUUID(), status, step: null, createdAt, updatedAt: createdAt });
}

describe('SqlOrderRepository (real MySQL)', () => {
  let db: TestDatabase;
  let repository: SqlOrderRepository;
  let executor: ManagerExecutor;

  beforeAll(async () => {
    db = await createTestDatabase('orderrepo');
    executor = new ManagerExecutor(db.dataSource);
    repository = new SqlOrderRepository(executor);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('gives GDAP events the newest order whose stream has not ended: never a failed or cancelled one', async () => {
    const customerId = randomUUID();
    const completed = anOrder(customerId, 'completed', new Date('2026-11-01T00:00:00Z'));
    const failed = anOrder(customerId, 'failed', new Date('2026-11-02T00:00:00Z'));
    const cancelled = anOrder(customerId, 'cancelled', new Date('2026-11-03T00:00:00Z'));
    for (const order of [completed, failed, cancelled]) await repository.insert(executor, order, 1);
    expect(await repository.latestIdForCustomer(executor, customerId)).toBe(completed.id);

    const onlyFailed = randomUUID();
    await repository.insert(executor, anOrder(onlyFailed, 'failed', new Date('2026-11-02T00:00:00Z')), 1);
    expect(await repository.latestIdForCustomer(executor, onlyFailed)).toBeNull();
  });
});
