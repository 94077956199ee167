import { pino, type DestinationStream } from 'pino';
import type { Logger } from '../core/logger.js';
import { redactUrlCredentials } from './redact.js';

export type { Logger };
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

// Field names that may hold secrets anywhere in a log record.
const SECRET_PATHS = [
  'password',
  'api_key',
  'apiKey',
  'token',
  'secret',
  'authorization',
  '*.password',
  '*.api_key',
  '*.apiKey',
  '*.token',
  '*.secret',
  '*.authorization',
  '*.*.password',
  '*.*.apiKey',
  '*.*.api_key',
  'headers.authorization',
];

/** A second destination beside stdout (the database log sink); it gets every record the logger writes. */
export interface LogSinkStream {
  write(line: string): void;
}

/**
 * Structured JSON logs; secrets are censored by key and URLs lose their credentials. With a `sink`,
 * each (already redacted) line also goes to it.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream, sink?: LogSinkStream): Logger {
  const output = sink
    ? pino.multistream([
        { level: 'trace', stream: destination ?? pino.destination(1) },
        { level: 'trace', stream: sink },
      ])
    : destination;
  return pino(
    {
      level,
      base: { service: 'homesec' },
      redact: { paths: SECRET_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: {
        // Messages are free text and may carry a URL with a password in it.
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? redactUrlCredentials(a) : a));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      serializers: { err: pino.stdSerializers.err },
    },
    output,
  );
}
