// Reads the add-on's files for the tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REPO_DIR } from '../../support/paths.js';
import { loadHaRules } from '../../support/ha-discovery-rules.js';
import type { SchemaNode } from './supervisor-options.js';

export const ADDON_DIR = join(REPO_DIR, 'homesec');

export interface AddonConfig {
  readonly [key: string]: unknown;
  readonly options: Record<string, unknown>;
  readonly schema: { [key: string]: SchemaNode };
}

export function readYaml(path: string): unknown {
  return parseYaml(readFileSync(path, 'utf8'));
}

export function readAddonConfig(): AddonConfig {
  return readYaml(join(ADDON_DIR, 'config.yaml')) as AddonConfig;
}

/** The schema type regex from ha-rules.json, with Python's (?P<name>) groups in JS syntax. */
export function schemaTypeRegex(): RegExp {
  return new RegExp(loadHaRules().schema_types.regex.replace(/\(\?P</g, '(?<'));
}
