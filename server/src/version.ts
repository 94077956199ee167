import { readFileSync } from 'node:fs';

/** The server package version; read at run time so src (tsx) and dist (node) agree. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;
