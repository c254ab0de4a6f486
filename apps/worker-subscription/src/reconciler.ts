import type { Logger } from '@nce/observability';
import type { ReconcileOrders } from '@nce/orders';

/** Periodically re-drives orders whose step lost its job; safe with any number of replicas. */
export function startReconciler(reconcile: ReconcileOrders, options: { intervalMs: number; logger: Logger }): void {
  const timer = setInterval(() => {
    reconcile
      .execute()
      .then((result) => {
        if (result.redriven > 0) options.logger.warn(result, 'reconciler re-drove orders whose job was lost');
      })
      .catch((error: unknown) => options.logger.debug({ err: error }, 'reconciler pass failed'));
  }, options.intervalMs);
  timer.unref();
}
