import type { SqlExecutor } from '@nce/persistence';
import { InMemoryOutbox, InMemoryUnitOfWork } from '@nce/testing/fakes';
import type { WebhookDelivery } from '../domain/webhook-delivery.model';
import type { WebhookEndpoint } from '../domain/webhook-endpoint.model';
import { FanOutOrderEvents } from './fan-out-order-events.use-case';
import type { OrderEventScanStore, ScannedEvent, WebhookDeliveryRepository, WebhookEndpointRepository } from './notifications.ports';

const PARTNER = 'p1';
const ORDER = '0b8f8a52-4c1e-4a57-9d6b-0f0e1c2d3a4b';

/** order_events as the database shows them: committed rows, and in-flight rows still locked. */
class FakeEventTable implements OrderEventScanStore {
  readonly rows = new Map<number, { event: ScannedEvent; committed: boolean }>();
  cursor = 0;
  cursorHeldElsewhere = false;

  write(id: number, committed = true): void {
    this.rows.set(id, {
      committed,
      event: {
        id,
        orderId: ORDER,
        customerId: 'c1',
        partnerId: PARTNER,
        sequence: id,
        type: 'order.progressed',
        occurredAt: new Date(Date.UTC(2025, 0, 1)),
        data: {},
        orderStatus: 'in_progress',
        orderStep: 'account',
      },
    });
  }

  commit(id: number): void {
    this.rows.get(id)!.committed = true;
  }

  rollback(id: number): void {
    this.rows.delete(id);
  }

  private visible(): ScannedEvent[] {
    return [...this.rows.values()]
      .filter((row) => row.committed)
      .map((row) => row.event)
      .sort((a, b) => a.id - b.id);
  }

  async lockCursor(): Promise<number | null> {
    return this.cursorHeldElsewhere ? null : this.cursor;
  }

  async saveCursor(_tx: SqlExecutor, lastId: number): Promise<void> {
    this.cursor = Math.max(this.cursor, lastId);
  }

  async eventsAfter(_tx: SqlExecutor, afterId: number, limit: number): Promise<ScannedEvent[]> {
    return this.visible()
      .filter((event) => event.id > afterId)
      .slice(0, limit);
  }

  async eventsBetween(_tx: SqlExecutor, from: number, to: number): Promise<ScannedEvent[]> {
    return this.visible().filter((event) => event.id >= from && event.id <= to);
  }

  async rangeSettled(_tx: SqlExecutor, from: number, to: number): Promise<boolean> {
    return ![...this.rows.entries()].some(([id, row]) => id >= from && id <= to && !row.committed);
  }
}

function setup(batchSize = 100) {
  let now = Date.UTC(2025, 0, 1, 0, 0, 10);
  const table = new FakeEventTable();
  const deliveries: WebhookDelivery[] = [];
  const outbox = new InMemoryOutbox();
  const unitOfWork = new InMemoryUnitOfWork().asUnitOfWork();
  const endpoint = {
    id: 'e1',
    partnerId: PARTNER,
    eventTypes: ['order.progressed'],
    enabled: true,
    createdAt: new Date(0),
  } as WebhookEndpoint;
  const endpoints = { listActiveForPartners: async () => [endpoint] } as unknown as WebhookEndpointRepository;
  const repository = {
    existingForEvents: async (_tx: SqlExecutor, ids: readonly number[]) =>
      new Set(deliveries.filter((d) => ids.includes(d.eventId ?? -1)).map((d) => `${d.eventId}:${d.endpointId}`)),
    insertMany: async (_tx: SqlExecutor, created: readonly WebhookDelivery[]) => void deliveries.push(...created),
  } as unknown as WebhookDeliveryRepository;
  const make = () =>
    new FanOutOrderEvents({
      unitOfWork,
      outbox,
      scan: table,
      endpoints,
      deliveries: repository,
      batchSize,
      gapGraceMs: 5_000,
      clock: () => new Date(now),
    });
  return {
    table,
    deliveries,
    outbox,
    make,
    advance: (ms: number) => (now += ms),
    delivered: () => deliveries.map((d) => d.eventId).sort((a, b) => (a ?? 0) - (b ?? 0)),
  };
}

describe('fan-out of order events to webhook deliveries', () => {
  it('delivers events committed out of id order exactly once, holding the watermark below the gap', async () => {
    const { table, make, delivered, outbox } = setup();
    const fanOut = make();
    table.write(1);
    table.write(2);
    table.write(3, false);
    table.write(4);
    await fanOut.pass();
    expect(delivered()).toEqual([1, 2, 4]);
    expect(table.cursor).toBe(2);
    table.commit(3);
    await fanOut.pass();
    await fanOut.pass();
    expect(delivered()).toEqual([1, 2, 3, 4]);
    expect(table.cursor).toBe(4);
    expect(outbox.commands.filter((command) => command.name === 'webhook.deliver')).toHaveLength(4);
  });

  it('closes a rolled-back gap only after the grace period and a settled probe', async () => {
    const { table, make, delivered, advance } = setup();
    const fanOut = make();
    table.write(1);
    table.write(2, false);
    table.write(3);
    await fanOut.pass();
    table.rollback(2);
    await fanOut.pass();
    expect(table.cursor).toBe(1);
    advance(5_000);
    await fanOut.pass();
    expect(table.cursor).toBe(3);
    expect(fanOut.openGaps()).toBe(0);
    expect(delivered()).toEqual([1, 3]);
  });

  it('keeps waiting for a transaction that stays open past the grace period', async () => {
    const { table, make, delivered, advance } = setup();
    const fanOut = make();
    table.write(1, false);
    table.write(2);
    await fanOut.pass();
    advance(60_000);
    await fanOut.pass();
    expect(table.cursor).toBe(0);
    table.commit(1);
    await fanOut.pass();
    expect(delivered()).toEqual([1, 2]);
    expect(table.cursor).toBe(2);
  });

  it('does not duplicate after a restart that re-scans from the persisted watermark', async () => {
    const { table, make, delivered } = setup();
    table.write(1, false);
    table.write(2);
    await make().pass();
    table.commit(1);
    const restarted = make();
    await restarted.pass();
    await restarted.pass();
    expect(delivered()).toEqual([1, 2]);
  });

  it('does nothing while another replica holds the cursor', async () => {
    const { table, make, delivered } = setup();
    table.write(1);
    table.cursorHeldElsewhere = true;
    expect(await make().pass()).toBe(0);
    expect(delivered()).toEqual([]);
  });

  it('drains in batches and reports a full batch', async () => {
    const { table, make, delivered } = setup(10);
    for (let id = 1; id <= 25; id += 1) table.write(id);
    const fanOut = make();
    expect(await fanOut.pass()).toBe(10);
    expect(await fanOut.pass()).toBe(10);
    expect(await fanOut.pass()).toBe(5);
    expect(delivered()).toHaveLength(25);
  });
});
