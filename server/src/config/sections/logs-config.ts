import { z } from 'zod';
import type { CamelCasedDeep } from '../camel-case-keys.js';

export const DB_LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

/** Log records kept in the database for the dashboard's System page and GET /api/logs. */
export const LogsConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Keep log records in the database (beside stdout) for the dashboard'),
    db_level: z
      .enum(DB_LOG_LEVELS)
      .default('warn')
      .describe('Lowest level kept in the database; records with an event_type are kept at any level log_level lets through'),
    max_buffer: z
      .number()
      .int()
      .min(100)
      .max(100_000)
      .default(5000)
      .describe('Records held in memory while the database is slow or down; past this the oldest are dropped and counted'),
    retention_days: z.number().min(0).default(14).describe('Delete database log records older than this many days; 0 = keep'),
  })
  .prefault({});
export type LogsConfig = CamelCasedDeep<z.output<typeof LogsConfigSchema>>;
