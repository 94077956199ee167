import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export { fixture, type FixtureName } from './fixtures.js';

export const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// The tests need nothing beside the checkout: footage is made by fixtures.ts from opencv-doc's
// vtest.avi and ffmpeg, the model is the shipped one, the HA rules are in rules/.

/** Path of a model the project ships in models/ (the default detector's yolox_nano.onnx). */
export function shippedModel(name: string): string {
  const path = join(REPO_DIR, 'models', name);
  if (!existsSync(path)) throw new Error(`missing ${path}: models/ ships with the checkout`);
  return path;
}
