/**
 * Queue names are PERSISTED in Redis (keys `<prefix>:<queue>:…`). Never rename one without a drain
 * plan: jobs waiting under the old name would be orphaned.
 */
export const QUEUES = {
  subscription: 'subscription',
  mca: 'mca',
  gdap: 'gdap',
  notifications: 'notifications',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const ALL_QUEUES: readonly QueueName[] = Object.values(QUEUES);
