import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { configFromAddonOptions } from './addon-options-document.js';
import { ADDON_DEFAULTS, ADDON_INBOX_DIR, EMBEDDED_DEFAULTS } from './embedded-defaults.js';
import { applyEnvOverrides, type EnvOverrides } from './env-overrides.js';
import { formatConfigIssues, formatPath } from './format-issues.js';
import { camelCaseKeys } from './camel-case-keys.js';
import { ConfigSchema, crossFieldProblems, type HomesecConfig, type ParsedConfig } from './schema.js';

export const DEFAULT_OPTIONS_PATH = '/data/options.json';

export type ConfigOrigin =
  { readonly kind: 'file'; readonly path: string } | { readonly kind: 'addon'; readonly path: string } | { readonly kind: 'defaults' };

export interface LoadedConfig {
  readonly config: HomesecConfig;
  readonly origin: ConfigOrigin;
  readonly env: EnvOverrides;
}

export interface LoadConfigOptions {
  /** --config; falls back to HOMESEC_CONFIG, then the add-on's options.json, then embedded defaults. */
  readonly configPath?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** Layers: schema defaults < YAML file or add-on options.json < HOMESEC_<PATH> environment variables. */
export function loadConfig(options: LoadConfigOptions = {}): Result<LoadedConfig, ConfigError> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const origin = chooseOrigin(options.configPath ?? env.HOMESEC_CONFIG, env, cwd);

  const docResult = readDocument(origin);
  if (!docResult.ok) return docResult;
  const doc = docResult.value;

  const envOverrides = applyEnvOverrides(doc, env, ConfigSchema);
  const parsed = ConfigSchema.safeParse(doc);
  const crossField = crossFieldProblems(doc).map((p) => ({ path: formatPath(p.path), line: `${formatPath(p.path)}: ${p.message}` }));
  // A cross-field check says more about its path than the generic schema message does: keep only it.
  const explained = new Set(crossField.map((p) => p.path));
  const problems = [
    ...(parsed.success ? [] : formatConfigIssues(parsed.error.issues, ConfigSchema, doc)).filter(
      (line) => !explained.has(line.slice(0, line.indexOf(': '))),
    ),
    ...crossField.map((p) => p.line),
  ];
  if (!parsed.success || problems.length > 0) return err(new ConfigError(problems));
  const baseDir = origin.kind === 'file' ? dirname(origin.path) : cwd;
  const inboxDir = origin.kind === 'addon' ? ADDON_INBOX_DIR : null;
  return ok({ config: deepFreeze(camelCaseKeys(resolvePaths(parsed.data, baseDir, inboxDir))), origin, env: envOverrides });
}

function chooseOrigin(configPath: string | undefined, env: NodeJS.ProcessEnv, cwd: string): ConfigOrigin {
  if (configPath) return { kind: 'file', path: resolve(cwd, configPath) };
  const optionsPath = env.HOMESEC_OPTIONS_PATH ?? DEFAULT_OPTIONS_PATH;
  if (existsSync(optionsPath)) return { kind: 'addon', path: optionsPath };
  return { kind: 'defaults' };
}

function readDocument(origin: ConfigOrigin): Result<Record<string, unknown>, ConfigError> {
  if (origin.kind === 'defaults') return ok(structuredClone(EMBEDDED_DEFAULTS));
  let text: string;
  try {
    text = readFileSync(origin.path, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message;
    return err(new ConfigError([`${origin.path}: ${reason}`], { cause: e }));
  }
  let value: unknown;
  try {
    value = origin.kind === 'addon' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? ` (line ${e.linePos[0].line})` : '';
    return err(
      new ConfigError(
        [`${origin.path}${where}: not valid ${origin.kind === 'addon' ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`],
        { cause: e },
      ),
    );
  }
  if (value === null || value === undefined) value = {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    return err(new ConfigError([`${origin.path}: the top level must be a mapping of keys`]));
  }
  const doc = value as Record<string, unknown>;
  return ok(origin.kind === 'addon' ? deepMerge(structuredClone(ADDON_DEFAULTS), configFromAddonOptions(doc)) : doc);
}

/** `inboxDir`: where folder cameras without a path watch (null: `<data_dir>/inbox`). */
function resolvePaths(config: ParsedConfig, baseDir: string, inboxDir: string | null): ParsedConfig & { media_dir: string } {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  const dataDir = abs(config.data_dir);
  const inbox = inboxDir ?? join(dataDir, 'inbox');
  return {
    ...config,
    data_dir: dataDir,
    media_dir: config.media_dir ? abs(config.media_dir) : join(dataDir, 'media'),
    cameras: config.cameras.map((camera) =>
      camera.source === 'folder' ? { ...camera, path: camera.path ? abs(camera.path) : join(inbox, camera.name) } : camera,
    ),
  };
}

/** Objects merge key by key; arrays and scalars from `over` replace (as the Supervisor merges options). */
function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
