import { copyFileSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';

/** Puts a file into a watched folder the way a camera would: written under a temp name, then renamed. */
export function dropClip(folder: string, source: string, name: string): string {
  mkdirSync(folder, { recursive: true });
  const temporary = join(folder, `.${name}.part`);
  copyFileSync(source, temporary);
  const target = join(folder, name);
  renameSync(temporary, target);
  return target;
}
