import type { LogConfig } from '@nce/config';
import pino, { type DestinationStream, type Logger } from 'pino';
import { redactDeep } from './log-redaction';

export type { Logger } from 'pino';

/**
 * Structured JSON logs; `correlationId` (the order id) ties API, worker and Partner Center lines together.
 * Every logged object, errors included, is redacted deeply (log-redaction.ts) before it is written.
 */
export function createLogger(config: LogConfig, service: string, destination?: DestinationStream): Logger {
  const options = {
    level: config.level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: (error: unknown) => redactDeep(error) },
    formatters: { log: (object: Record<string, unknown>) => redactDeep(object) as Record<string, unknown> },
  };
  return destination ? pino(options, destination) : pino(options);
}
