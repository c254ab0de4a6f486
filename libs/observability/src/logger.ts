import type { LogConfig } from '@nce/config';
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

// Keys whose values never reach a log line, wherever they appear in a logged object.
const REDACT = ['password', '*.password', 'apiKey', '*.apiKey', 'secret', '*.secret', 'authorization', '*.authorization', 'headers.authorization', 'userCredentials', '*.userCredentials', 'refreshToken', 'clientSecret'];

/** Structured JSON logs; `correlationId` (the order id) ties API, worker and Partner Center lines together. */
export function createLogger(config: LogConfig, service: string): Logger {
  return pino({ level: config.level, base: { service }, redact: { paths: REDACT, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime });
}
