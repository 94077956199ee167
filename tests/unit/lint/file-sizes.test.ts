import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_DIR } from '../../support/paths.js';

/** Every TypeScript file under `dir`, with its line count. */
function linesPerFile(dir: string): { file: string; lines: number }[] {
  const found: { file: string; lines: number }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...linesPerFile(path));
    else if (/\.tsx?$/.test(name)) found.push({ file: relative(REPO_DIR, path), lines: readFileSync(path, 'utf8').split('\n').length - 1 });
  }
  return found;
}

describe('code for the next engineer', () => {
  it('keeps every server and dashboard file under 400 lines, and the composition root under 200', () => {
    // Given every file of the service and the dashboard
    const files = [...linesPerFile(join(REPO_DIR, 'server/src')), ...linesPerFile(join(REPO_DIR, 'web/src'))];
    // Then none is over 400 lines (one concept per file), and app.ts stays the start order alone
    expect(files.filter((f) => f.lines > 400)).toEqual([]);
    expect(files.find((f) => f.file === 'server/src/app.ts')?.lines).toBeLessThan(200);
  });
});
