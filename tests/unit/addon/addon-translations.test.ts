import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADDON_DIR, readAddonConfig, readYaml } from './addon-files.js';
import type { SchemaNode } from './supervisor-options.js';

interface Translation {
  readonly name?: unknown;
  readonly description?: unknown;
  readonly fields?: Record<string, Translation>;
}

const config = readAddonConfig();
const translations = readYaml(join(ADDON_DIR, 'translations', 'en.yaml')) as { configuration?: Record<string, Translation> };

/** The dict of sub-options shown as fields: a dict, or the dict of a list of dicts. */
function fieldsOf(node: SchemaNode): Record<string, SchemaNode> | null {
  const inner = Array.isArray(node) ? node[0] : node;
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? inner : null;
}

describe('homesec/translations/en.yaml', () => {
  it('names and describes every option and every field, and nothing else', () => {
    // Given the schema's options and their nested fields
    const configuration = translations.configuration ?? {};
    const problems: string[] = [];
    for (const [key, node] of Object.entries(config.schema)) {
      const t = configuration[key];
      // Then each has a non-empty name and description
      if (typeof t?.name !== 'string' || t.name === '') problems.push(`${key}: name missing`);
      if (typeof t?.description !== 'string' || t.description === '') problems.push(`${key}: description missing`);
      const fields = fieldsOf(node);
      for (const field of Object.keys(fields ?? {})) {
        const f = t?.fields?.[field];
        if (typeof f?.name !== 'string' || f.name === '') problems.push(`${key}.${field}: name missing`);
        if (typeof f?.description !== 'string' || f.description === '') problems.push(`${key}.${field}: description missing`);
      }
      // And no translation names a field the schema does not have
      for (const field of Object.keys(t?.fields ?? {}))
        if (!fields || !(field in fields)) problems.push(`${key}.${field}: not in the schema`);
    }
    for (const key of Object.keys(configuration)) if (!(key in config.schema)) problems.push(`${key}: not in the schema`);
    expect(problems).toStrictEqual([]);
  });

  it('has only the keys the Supervisor reads', () => {
    // Then the file has a configuration section and at most a network section
    for (const key of Object.keys(translations)) expect(['configuration', 'network']).toContain(key);
  });
});

describe('homesec/DOCS.md', () => {
  it('documents every option and every entity', () => {
    // Given the documentation
    const docs = readFileSync(join(ADDON_DIR, 'DOCS.md'), 'utf8');
    // Then every option and field name appears in code style
    for (const [key, node] of Object.entries(config.schema)) {
      expect(docs, key).toContain(`\`${key}\``);
      for (const field of Object.keys(fieldsOf(node) ?? {})) expect(docs, `${key}.${field}`).toContain(`\`${field}\``);
    }
    // And every entity a camera gets, by its entity id
    for (const entity of ['motion', 'person', 'online', 'alert', 'last_summary', 'last_risk', 'snapshot', 'armed', 'clips_today']) {
      expect(docs, entity).toMatch(new RegExp(`\\.homesec_front_door_${entity}\\b`));
    }
  });
});
