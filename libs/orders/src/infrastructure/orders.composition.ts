import type { SqlAuditLog, UnitOfWork } from '@nce/persistence';
import type { OrderStep } from '../domain/order-state-machine';
import { CancelOrder } from '../application/cancel-order.use-case';
import { CommitOrderChange } from '../application/commit-order-change.use-case';
import type { OrderEventSink } from '../application/order-event-sink';
import { OrderQueries } from '../application/order-queries';
import { OrderTimelineQuery } from '../application/order-timeline.query';
import type { OrderingParties } from '../application/orders.ports';
import { type JobPresenceLookup, ReconcileOrders } from '../application/reconcile-orders.use-case';
import { PostMcaAttestation, ResumeOrder } from '../application/resume-order.use-cases';
import { RetryFailedOrder } from '../application/retry-failed-order.use-case';
import { RunOrderStep, type StepJob, type StepJobResult } from '../application/run-order-step.use-case';
import type { StepHandler } from '../application/step-handler.port';
import { SqlIdempotencyStore } from './sql-idempotency.store';
import { SqlOrderEventStore } from './sql-order-event.store';
import { SqlOrderRepository } from './sql-order.repository';
import { SqlTimelineRecorder } from './sql-timeline.recorder';

export interface OrdersContextDeps {
  unitOfWork: UnitOfWork;
  /** Wakes live listeners after each commit (the notifications context's Redis sink, or none). */
  eventSink: OrderEventSink;
  /** After a commit that wrote outbox rows: wakes the relay. */
  onCommitted: () => void;
  /** Customers and partners as an order reads them (the accounts context provides them). */
  parties: OrderingParties;
  audit: Pick<SqlAuditLog, 'record' | 'list'>;
  /** How long an Idempotency-Key stays claimed by a request in flight. */
  idempotencyLockSeconds: number;
}

export interface StepRunnerOptions {
  parkLimitMs: number;
  /** One observation per step attempt, including attempts that throw (metrics). */
  onStepFinished?: (step: OrderStep, durationMs: number) => void;
}

/** The step runner, timed: the duration of every attempt goes to `onStepFinished`. */
class TimedRunOrderStep extends RunOrderStep {
  constructor(
    deps: ConstructorParameters<typeof RunOrderStep>[0],
    private readonly onStepFinished: (step: OrderStep, durationMs: number) => void,
  ) {
    super(deps);
  }

  override async execute(step: OrderStep, job: StepJob): Promise<StepJobResult> {
    const started = performance.now();
    try {
      return await super.execute(step, job);
    } finally {
      this.onStepFinished(step, performance.now() - started);
    }
  }
}

/**
 * The orders context's one object graph, used by the API's providers and by every worker (the
 * composition roots only pass what comes from outside: the unit of work, the sink, the relay).
 */
export function createOrdersContext(deps: OrdersContextDeps) {
  const { unitOfWork, eventSink, onCommitted, parties, audit } = deps;
  const orders = new SqlOrderRepository(unitOfWork.executor);
  const events = new SqlOrderEventStore(unitOfWork.executor);
  const commit = new CommitOrderChange(orders, events);
  const queries = new OrderQueries(orders, events);
  const timeline = new SqlTimelineRecorder(unitOfWork.executor);
  const change = { unitOfWork, orders, parties, commit, eventSink, onCommitted };
  return {
    orders,
    events,
    commit,
    queries,
    timeline,
    idempotency: new SqlIdempotencyStore(unitOfWork.executor, deps.idempotencyLockSeconds),
    cancel: new CancelOrder(unitOfWork, orders, commit, eventSink),
    resume: new ResumeOrder(change),
    postMcaAttestation: new PostMcaAttestation(change),
    retryFailedOrder: new RetryFailedOrder({ unitOfWork, orders, commit, audit, eventSink, onCommitted }),
    timelineQuery: new OrderTimelineQuery({ timeline, queries, audit }),
    /** A Partner Center call made for an order (`correlationId` is the order id), on its timeline. */
    recordPartnerCenterCall: (call: {
      correlationId?: string;
      route: string;
      status: number | null;
      requestId?: string;
      durationMs: number;
      errorCode?: string;
    }) => {
      if (call.correlationId)
        timeline.record({
          orderId: call.correlationId,
          at: new Date(),
          kind: 'partner_center',
          data: {
            route: call.route,
            status: call.status,
            requestId: call.requestId,
            durationMs: Math.round(call.durationMs),
            errorCode: call.errorCode,
          },
        });
    },
    /** Re-drives orders whose step lost its job. */
    reconciler: (jobs: JobPresenceLookup, staleMs: number) =>
      new ReconcileOrders({ unitOfWork, orders, finder: orders, jobs, commit, staleMs, onCommitted }),
    /** The step runner over the given handlers (workers own different steps); attempts go to the timeline. */
    stepRunner: (handlers: readonly StepHandler[], options: StepRunnerOptions): RunOrderStep => {
      const runnerDeps = {
        unitOfWork,
        orders,
        commit,
        eventSink,
        handlers,
        parkLimitMs: options.parkLimitMs,
        onCommitted,
        recordAttempt: (orderId: string, entry: Record<string, unknown>) =>
          timeline.record({ orderId, at: new Date(), kind: 'job', data: entry }),
      };
      return options.onStepFinished ? new TimedRunOrderStep(runnerDeps, options.onStepFinished) : new RunOrderStep(runnerDeps);
    },
  };
}

export type OrdersContext = ReturnType<typeof createOrdersContext>;
