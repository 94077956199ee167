import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, type LoadedConfig } from '../config/load-config.js';

export type CliOptions = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with a readable error instead of a stack trace; null means "print usage, exit 2". */
export function parseCliArgs<O extends CliOptions>(
  argv: readonly string[],
  options: O,
  allowPositionals = false,
): { values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: boolean }>>['values']; positionals: string[] } | null {
  try {
    const parsed = parseArgs({ args: [...argv], options, allowPositionals, strict: true });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (e) {
    process.stderr.write(`homesec: ${(e as Error).message}\n`);
    return null;
  }
}

export function printProblems(header: string, problems: readonly string[]): void {
  process.stderr.write(`${header}\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
}

/** Loads the configuration, or prints every problem as `path: message` and returns null (exit 2). */
export function loadConfigOrReport(configPath: string | undefined): LoadedConfig | null {
  const loaded = loadConfig({ configPath });
  if (loaded.ok) return loaded.value;
  printProblems(`configuration is not valid (${loaded.error.problems.length} problem(s)):`, loaded.error.problems);
  return null;
}
