import { ORDER_STEP_JOBS, type OrderPriority, orderStepJobId } from '@nce/contracts';
import { type OutboxCommand, type OutboxWriter, SQL_OUTBOX } from '@nce/messaging';
import type { SqlExecutor } from '@nce/persistence';
import type { OrderChange, StepCommand } from '../domain/order.model';
import type { OrderEvent } from '../domain/order-event.model';
import type { OrderEventStore, OrderRepository } from './orders.ports';

export function stepCommandToOutbox(orderId: string, command: StepCommand, priority?: OrderPriority): OutboxCommand {
  return {
    name: ORDER_STEP_JOBS[command.step],
    jobId: orderStepJobId(command.step, orderId, command.run),
    // The order id is the correlation id from API to worker to Partner Center (MS-CorrelationId).
    data: { orderId, run: command.run, correlationId: orderId, ...(priority === 'bulk' ? { priority } : {}) },
    delayMs: command.delayMs,
  };
}

/**
 * Persists a state change, its events and its next commands in the caller's transaction
 * (DESIGN.md section 4: one commit or none).
 */
export class CommitOrderChange {
  constructor(
    private readonly orders: OrderRepository,
    private readonly events: OrderEventStore,
    private readonly outbox: OutboxWriter = SQL_OUTBOX,
  ) {}

  async execute(
    tx: SqlExecutor,
    change: OrderChange,
    options: { isNew: boolean; now: Date; commands?: readonly StepCommand[] },
  ): Promise<OrderEvent[]> {
    let appended: OrderEvent[];
    if (options.isNew) {
      await this.orders.insert(tx, change.order, change.events.length);
      appended = await this.events.appendFirst(tx, change.order.id, change.events, options.now);
    } else {
      await this.orders.update(tx, change.order);
      appended = await this.events.append(tx, change.order.id, change.events, options.now, change.order.lastEventSequence);
      if (change.order.lastEventSequence !== undefined) change.order.lastEventSequence += appended.length;
    }
    const commands = options.commands ?? change.commands;
    await this.outbox.write(
      tx,
      commands.map((command) => stepCommandToOutbox(change.order.id, command, change.order.request.priority)),
      options.now,
    );
    return appended;
  }
}
