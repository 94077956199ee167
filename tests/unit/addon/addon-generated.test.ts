import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AddonSchemaError, addonFields } from '../../../server/src/config/addon-fields.js';
import { generatedFiles } from '../../../server/src/config/addon-files.js';
import { REPO_DIR } from '../../support/paths.js';

describe('files generated from the zod config', () => {
  it('config.yaml options and schema, the translations, the DOCS.md table and the README reference are current', () => {
    // Given what `npm run docs` would write from the zod config
    for (const file of generatedFiles(REPO_DIR)) {
      // Then each file already holds exactly that (run `npm run docs` after changing the config schema)
      expect(readFileSync(file.path, 'utf8'), `${relative(REPO_DIR, file.path)} is stale: run npm run docs`).toBe(file.text);
    }
  });

  it('describes every option: a field without .describe() stops the generator with its path', () => {
    // Given the config schema as it is
    // Then every option has a help text (a missing one would throw AddonSchemaError naming the path)
    const walk = (fields: ReturnType<typeof addonFields>): string[] =>
      fields.flatMap((f) => [f.description, ...(f.kind === 'dict' ? walk(f.fields) : [])]);
    expect(walk(addonFields()).every((d) => d.trim().length > 0)).toBe(true);
    expect(new AddonSchemaError('x')).toBeInstanceOf(Error);
  });
});
