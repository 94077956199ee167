#!/usr/bin/env node
// The `homesec` command (`npx homesec ...`). In a checkout it runs the TypeScript source through tsx,
// so it works right after `npm ci` (no build step) and never runs a stale build; where only the build
// is installed (the add-on image, a production install without dev dependencies) it runs server/dist.
import { existsSync } from 'node:fs';

const source = new URL('../src/main.ts', import.meta.url);
const compiled = new URL('../dist/main.js', import.meta.url);

async function tsxRegister() {
  try {
    return (await import('tsx/esm/api')).register;
  } catch {
    return null;
  }
}

const register = existsSync(source) ? await tsxRegister() : null;
if (register) {
  register();
  await import(source.href);
} else if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  process.stderr.write('homesec: neither server/src with tsx (npm ci) nor server/dist (npm run build) is there\n');
  process.exitCode = 1;
}
