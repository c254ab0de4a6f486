import { BullJobPresence } from '@nce/messaging';
import { ReconcileOrders } from '@nce/orders';
import type { WorkerContext } from '@nce/worker-runtime';

/** Periodically re-drives orders whose step lost its job; safe with any number of replicas. */
export function startReconciler(context: WorkerContext): void {
  const reconcile = new ReconcileOrders({
    unitOfWork: context.unitOfWork,
    orders: context.orders,
    finder: context.orders,
    jobs: new BullJobPresence(context.queues),
    commit: context.commit,
    staleMs: context.config.processing.reconcileStaleMs,
    onCommitted: () => context.relay.kick(),
  });
  const timer = setInterval(() => {
    reconcile
      .execute()
      .then((result) => {
        if (result.redriven > 0) context.logger.warn(result, 'reconciler re-drove orders whose job was lost');
      })
      .catch((error: unknown) => context.logger.debug({ err: error }, 'reconciler pass failed'));
  }, context.config.processing.reconcileIntervalMs);
  timer.unref();
}
