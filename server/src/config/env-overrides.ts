import { z } from 'zod';
import { schemaAt } from './schema-walk.js';

const PREFIX = 'HOMESEC_';
/** HOMESEC_* variables that configure the loader itself or the tests, not a config key. */
const RESERVED = new Set(['HOMESEC_CONFIG', 'HOMESEC_OPTIONS_PATH']);

export interface EnvOverrides {
  readonly applied: string[];
  readonly ignored: string[];
}

/**
 * Applies HOMESEC_<PATH> variables onto a raw config document, `__` between levels:
 * HOMESEC_MQTT__PASSWORD, HOMESEC_CAMERAS__0__PATH. Values are typed by the schema leaf they land on.
 */
export function applyEnvOverrides(doc: Record<string, unknown>, env: NodeJS.ProcessEnv, schema: z.ZodType): EnvOverrides {
  const applied: string[] = [];
  const ignored: string[] = [];
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(PREFIX) || RESERVED.has(name) || name.startsWith('HOMESEC_TEST_') || raw === undefined) continue;
    const path = name
      .slice(PREFIX.length)
      .toLowerCase()
      .split('__')
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const leaf = schemaAt(schema, path);
    if (!leaf) {
      ignored.push(name);
      continue;
    }
    setAt(doc, path, coerce(raw, leafKind(leaf)));
    applied.push(name);
  }
  return { applied, ignored };
}

type LeafKind = 'string' | 'number' | 'boolean' | 'json';

function leafKind(schema: z.ZodType): LeafKind {
  const type = schema._zod.def.type;
  if (type === 'string' || type === 'enum' || type === 'literal') return 'string';
  if (type === 'number' || type === 'int') return 'number';
  if (type === 'boolean') return 'boolean';
  return 'json';
}

function coerce(raw: string, kind: LeafKind): unknown {
  switch (kind) {
    case 'string':
      return raw;
    case 'number':
      return raw.trim() === '' ? raw : Number(raw);
    case 'boolean':
      return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
    case 'json':
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return raw;
      }
  }
}

function setAt(doc: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let node: Record<string | number, unknown> = doc;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  });
}
