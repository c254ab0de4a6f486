export { createRedis, redisOptions } from './redis-connection';
export { QueueRegistry } from './queue-registry';
export { SQL_OUTBOX, writeOutbox, type OutboxCommand, type OutboxWriter } from './outbox';
export { OutboxRelay, type RelayObserver } from './outbox-relay';
export { MessagingModule } from './messaging.module';
export { retryDecisionOf, type RetryDecision } from './retry-decision';
export {
  WorkerHost,
  WiringError,
  assertHandlersComplete,
  type JobContext,
  type JobHandler,
  type JobHandlers,
  type JobObserver,
  type JobOutcome,
} from './worker-host';
export { WorkerProcess } from './worker-process';
export { BullJobPresence } from './job-presence';
export { claimQueuePrefix, QueuePrefixInUseError, type ClaimOutcome, type QueuePrefixOwner } from './queue-prefix-claim';
