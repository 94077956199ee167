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

/** Missing or extra names and help texts, at every depth (HA looks nested labels up through `fields`). */
function translationProblems(
  schema: Record<string, SchemaNode>,
  translated: Record<string, Translation> | undefined,
  prefix: string,
): string[] {
  const problems: string[] = [];
  for (const [key, node] of Object.entries(schema)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const t = translated?.[key];
    if (typeof t?.name !== 'string' || t.name === '') problems.push(`${path}: name missing`);
    if (typeof t?.description !== 'string' || t.description === '') problems.push(`${path}: description missing`);
    const fields = fieldsOf(node);
    if (fields) problems.push(...translationProblems(fields, t?.fields, path));
    else if (t?.fields) problems.push(`${path}: has fields but is not a section`);
  }
  for (const key of Object.keys(translated ?? {}))
    if (!(key in schema)) problems.push(`${prefix ? `${prefix}.` : ''}${key}: not in the schema`);
  return problems;
}

describe('homesec/translations/en.yaml', () => {
  it('names and describes every option and every field at every depth, and nothing else', () => {
    // Given the schema's options and their nested fields
    // Then each has a non-empty name and description, and no translation names a field the schema lacks
    expect(translationProblems(config.schema, translations.configuration, '')).toStrictEqual([]);
  });

  it('has only the keys the Supervisor reads', () => {
    // Then the file has a configuration section and at most a network section
    for (const key of Object.keys(translations)) expect(['configuration', 'network']).toContain(key);
  });
});

describe('homesec/DOCS.md', () => {
  const docs = readFileSync(join(ADDON_DIR, 'DOCS.md'), 'utf8');

  it('documents every option and every entity', () => {
    // Given the documentation
    // Then every option and nested field appears by its option path in code style
    const paths = (schema: Record<string, SchemaNode>, prefix: string): string[] =>
      Object.entries(schema).flatMap(([key, node]) => {
        const path = `${prefix}${key}`;
        const fields = fieldsOf(node);
        return [path, ...(fields ? paths(fields, Array.isArray(node) ? `${path}[].` : `${path}.`) : [])];
      });
    for (const path of paths(config.schema, '')) expect(docs, path).toContain(`\`${path}\``);
    // And every entity a camera gets, by its entity id
    for (const entity of ['motion', 'person', 'online', 'alert', 'last_summary', 'last_risk', 'snapshot', 'armed', 'clips_today']) {
      expect(docs, entity).toMatch(new RegExp(`\\.homesec_front_door_${entity}\\b`));
    }
  });

  it('covers installing, FTP cameras, the notifications blueprint and upgrading', () => {
    // Then each topic a user needs has its own section
    for (const heading of [
      'Installation',
      'FTP cameras',
      'Folder cameras',
      'Notifications blueprint',
      'Upgrading',
      'Releasing',
      'Building it yourself',
    ]) {
      expect(docs, heading).toMatch(new RegExp(`^##+ ${heading}`, 'm'));
    }
    // And the FTP section works through a camera example with the passive address and the ports
    const ftp = docs.slice(docs.indexOf('## FTP cameras'), docs.indexOf('\n## ', docs.indexOf('## FTP cameras') + 3));
    for (const needed of ['passive_url', '2121', '30000', '30009', 'source: ftp']) expect(ftp, needed).toContain(needed);
  });
});
