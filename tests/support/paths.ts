import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** ../shared beside the checkout, as on the dev box and in CI. */
export const SHARED_DIR = resolve(REPO_DIR, '..', 'shared');

/** Path of a file in ../shared/fixtures; fails with a clear message when the folder is missing. */
export function fixture(name: string): string {
  return sharedFile(join('fixtures', name));
}

/** Path of a file in ../shared/models. */
export function sharedModel(name: string): string {
  return sharedFile(join('models', name));
}

function sharedFile(relative: string): string {
  const path = join(SHARED_DIR, relative);
  if (!existsSync(path)) {
    throw new Error(`missing ${path}: the tests read fixtures and models from ../shared beside the checkout`);
  }
  return path;
}
