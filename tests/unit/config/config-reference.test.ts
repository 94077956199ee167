import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configReferenceMarkdown, configReferenceRows } from '../../../server/src/config/config-reference.js';
import { REPO_DIR } from '../../support/paths.js';

describe('configuration reference', () => {
  it('lists every key with a description', () => {
    // Given the zod schema; When the reference is built; Then no key lacks a description
    const rows = configReferenceRows();
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.filter((r) => r.description.replace(/^\(.*?\) /, '').trim() === '').map((r) => r.key)).toEqual([]);
  });

  it('is what README.md shows (run `npm run docs` after changing the schema)', () => {
    // Given the README; When its reference section is compared with the schema; Then they match
    const readme = readFileSync(join(REPO_DIR, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('<!-- config-reference:start -->'), readme.indexOf('<!-- config-reference:end -->'));
    expect(section.trim()).toBe(`<!-- config-reference:start -->\n${configReferenceMarkdown()}`);
  });
});
