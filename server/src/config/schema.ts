import { z } from 'zod';
import { LOG_LEVELS } from '../logging/logger.js';
import { AlertsConfigSchema } from './sections/alerts-config.js';
import { AnalyzerConfigSchema } from './sections/analyzer-config.js';
import { CameraConfigSchema } from './sections/camera-config.js';
import { DetectorConfigSchema } from './sections/detector-config.js';
import { FtpConfigSchema, ftpLoginProblems } from './sections/ftp-config.js';
import { HomeAssistantConfigSchema } from './sections/home-assistant-config.js';
import { HttpConfigSchema } from './sections/http-config.js';
import { LogsConfigSchema } from './sections/logs-config.js';
import { MqttConfigSchema } from './sections/mqtt-config.js';
import { OffsiteConfigSchema } from './sections/offsite-config.js';
import { NotifyConfigSchema } from './sections/notify-config.js';
import { PipelineConfigSchema } from './sections/pipeline-config.js';
import { RetentionConfigSchema } from './sections/retention-config.js';
import { ZoneConfigSchema, zoneProblems } from './sections/zones-config.js';
import { nearest } from './format-issues.js';
import { keysAt } from './schema-walk.js';
import { camelCaseKeys, type CamelCasedDeep } from './camel-case-keys.js';

/**
 * The single source of truth for configuration. Users write snake_case (YAML, add-on options,
 * environment variables, docs); the loader hands the code the same tree in camelCase (camel-case-keys.ts).
 */
export const ConfigSchema = z.strictObject({
  data_dir: z.string().min(1).default('./data').describe('SQLite file, local queue and models'),
  media_dir: z
    .string()
    .min(1)
    .optional()
    .describe('Where clips are stored: <media_dir>/<camera>/<YYYY-MM-DD>/<clip_id>.mp4 (default <data_dir>/media)'),
  database_url: z
    .string()
    .regex(/^$|^postgres(ql)?:\/\//, 'must be empty (SQLite) or a postgres:// URL')
    .default('')
    .describe('Empty = SQLite in data_dir; postgres://user:pass@host:port/db = Postgres'),
  log_level: z.enum(LOG_LEVELS).default('info').describe('Lowest level written to the log'),
  logs: LogsConfigSchema,
  http: HttpConfigSchema,
  cameras: z.array(CameraConfigSchema).default([]).describe('Cameras and how their clips arrive'),
  zones: z.array(ZoneConfigSchema).max(256).default([]).describe('Named zones drawn on camera pictures (driveway, porch)'),
  detector: DetectorConfigSchema,
  analyzer: AnalyzerConfigSchema,
  alerts: AlertsConfigSchema,
  mqtt: MqttConfigSchema,
  home_assistant: HomeAssistantConfigSchema,
  notify: NotifyConfigSchema,
  retention: RetentionConfigSchema,
  ftp: FtpConfigSchema,
  offsite: OffsiteConfigSchema,
  pipeline: PipelineConfigSchema,
});

/**
 * Checks across fields, on the raw document so they are reported even when other keys are wrong
 * (zod skips refinements of an object whose fields failed).
 */
export function crossFieldProblems(doc: unknown): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const cameras = (doc as { cameras?: unknown } | null)?.cameras;
  if (!Array.isArray(cameras)) return problems;
  const firstIndex = new Map<string, number>();
  cameras.forEach((camera: unknown, index) => {
    const name = (camera as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') return;
    const seen = firstIndex.get(name);
    if (seen === undefined) firstIndex.set(name, index);
    else problems.push({ path: ['cameras', index, 'name'], message: `duplicate camera name "${name}" (also cameras[${seen}])` });
  });
  problems.push(...unknownOverrideCameras(doc, firstIndex));
  problems.push(...zoneProblems(doc, firstIndex));
  problems.push(...unknownNotifiers(doc));
  problems.push(...ftpLoginProblems(cameras));
  return problems;
}

/** alerts.overrides[].camera must name a configured camera. */
function unknownOverrideCameras(doc: unknown, cameras: Map<string, number>): { path: (string | number)[]; message: string }[] {
  const overrides = (doc as { alerts?: { overrides?: unknown } } | null)?.alerts?.overrides;
  if (!Array.isArray(overrides)) return [];
  return overrides.flatMap((override: unknown, index) => {
    const camera = (override as { camera?: unknown } | null)?.camera;
    if (typeof camera !== 'string' || cameras.has(camera)) return [];
    return [
      {
        path: ['alerts', 'overrides', index, 'camera'],
        message: `unknown camera "${camera}" (${validChoices('cameras', camera, [...cameras.keys()])})`,
      },
    ];
  });
}

/** `notify` has one section per notifier type; another key there names a notifier HomeSec does not have. */
export const NOTIFIER_TYPES = ['email', 'mqtt_alerts', 'ha_events'] as const;

function unknownNotifiers(doc: unknown): { path: (string | number)[]; message: string }[] {
  const notify = (doc as { notify?: unknown } | null)?.notify;
  if (typeof notify !== 'object' || notify === null || Array.isArray(notify)) return [];
  const known = new Set(keysAt(ConfigSchema, ['notify']));
  return Object.keys(notify)
    .filter((key) => !known.has(key))
    .map((key) => ({
      path: ['notify', key],
      message: `unknown notifier type "${key}" (${validChoices('notifiers', key, NOTIFIER_TYPES)})`,
    }));
}

/** `did you mean "x"? cameras: a, b` for a name that matches none of the valid ones. */
function validChoices(what: string, given: string, valid: readonly string[]): string {
  if (valid.length === 0) return `no ${what} configured`;
  const near = nearest(given, valid);
  return `${near ? `did you mean "${near}"? ` : ''}${what}: ${valid.join(', ')}`;
}

export type ConfigInput = z.input<typeof ConfigSchema>;
export type ParsedConfig = z.output<typeof ConfigSchema>;

/** The parsed configuration with every path made absolute, keys in camelCase; frozen after loading. */
export type HomesecConfig = Readonly<CamelCasedDeep<Omit<ParsedConfig, 'media_dir'> & { media_dir: string }>>;

/** Parses one section of the config (snake_case input) into what the code reads (camelCase): for tests and tools. */
export function parseConfigSection<S extends z.ZodType>(schema: S, input: unknown): CamelCasedDeep<z.output<S>> {
  return camelCaseKeys(schema.parse(input));
}
