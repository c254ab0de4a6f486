import 'reflect-metadata';
import { runWorker } from '@nce/worker-runtime';
import { composeNotifications } from './notifications.composition';

/**
 * worker-notifications (headless): fans order events out to partner webhook deliveries, delivers
 * them, and re-drives deliveries whose job Redis lost. Only /health and /metrics listen.
 */
void runWorker('worker-notifications', (context) => {
  const notifications = composeNotifications(context);
  return {
    hosts: [notifications.host],
    start: () => notifications.start(),
    // Stop producing work first, then let in-flight deliveries (15 s timeout at most) finish.
    stopIntake: () => notifications.stopIntake(),
    close: () => notifications.close(),
    readiness: () => notifications.readiness(),
  };
});
