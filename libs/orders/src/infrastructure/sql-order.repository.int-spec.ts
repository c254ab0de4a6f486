import { randomUUID } from 'node:crypto';
import { ManagerExecutor } from '@nce/persistence';
import { type TestDatabase, createTestDatabase } from '@nce/testing';
import type { Order } from '../domain/order';
import { SqlOrderRepository } from './sql-order.repository';

function anOrder(customerId: string, status: Order['status'], createdAt: Date): Order {
  return {
    id: randomUUID(),
    customerId,
    partnerId: randomUUID(),
    status,
    step: null,
    run: 1,
    items: [{ catalogItemId: 'CFQ7TTC0LH18:0001:CFQ7TTC0K971', quantity: 1, termDuration: 'P1Y', billingCycle: 'monthly' }],
    account: { type: 'existing', domain: 'contoso.onmicrosoft.com', relationshipConfirmed: true },
    request: { attestations: { partnerOfRecord: false, offer: false }, mca: {}, qualification: { stateOwnedEntity: false, educationSegment: null }, termsAccepted: true, segment: 'commercial' },
    requiredAction: null,
    delay: null,
    failure: null,
    progress: {},
    checkoutIntent: null,
    subscriptions: [],
    portalUrl: null,
    parkedAt: null,
    createdAt,
    updatedAt: createdAt,
    version: 1,
  };
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
