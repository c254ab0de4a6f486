export { createLogger, type Logger } from './logger';
export { probe, startHealthServer, type HealthReport, type HealthServer } from './health-server';
