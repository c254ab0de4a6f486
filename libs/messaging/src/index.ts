export { createRedis, redisOptions } from './redis-connection';
export { QueueRegistry } from './queue-registry';
export { writeOutbox, type OutboxCommand } from './outbox';
export { OutboxRelay, type RelayObserver } from './outbox-relay';
export { MessagingModule } from './messaging.module';
