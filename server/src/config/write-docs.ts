// `npm run docs`: rewrites every file part generated from the zod config (see addon-files.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from './addon-files.js';

const repoDir = fileURLToPath(new URL('../../../', import.meta.url));
for (const file of generatedFiles(repoDir)) {
  if (readFileSync(file.path, 'utf8') === file.text) continue;
  writeFileSync(file.path, file.text);
  process.stdout.write(`wrote ${file.path}\n`);
}
