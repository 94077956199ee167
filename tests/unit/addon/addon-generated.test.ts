import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AddonSchemaError, addonFieldsOf } from '../../../server/src/config/addon-fields.js';
import type { JsonNode } from '../../../server/src/config/config-json-schema.js';
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

  it('stops with the path and the fix when the config gains a field the add-on form cannot hold', () => {
    // Given config shapes HA's options cannot express
    const cases: [z.ZodType, RegExp][] = [
      [z.object({ zones: z.array(z.number()).describe('Zones') }).describe('x'), /zones\[\]: a list of float cannot be edited/],
      [z.object({ name: z.string() }), /name: no description; add \.describe\(\)/],
      [
        z.object({
          tag: z
            .string()
            .regex(/^(?<word>\w+)$/)
            .describe('Tag'),
        }),
        /JavaScript-only syntax/,
      ],
    ];
    for (const [schema, message] of cases) {
      // When the generator reads it, Then it refuses with a message naming the field
      const json = z.toJSONSchema(schema, { io: 'input' }) as JsonNode;
      expect(() => addonFieldsOf(json)).toThrow(AddonSchemaError);
      expect(() => addonFieldsOf(json)).toThrow(message);
    }
  });
});
