import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext, BenchFigure } from '../bench/bench-figure.js';
import { findSharedDir, machineDescription } from '../bench/bench-environment.js';
import { BENCHMARKS } from '../bench/benchmarks.js';
import type { CliCommand } from './cli-command.js';
import { parseCliArgs } from './cli-args.js';

const USAGE = `usage: homesec bench [NAME...]
  Runs the benchmarks (all, or those named) and prints one JSON report on stdout and a table on stderr.
  Postgres figures use HOMESEC_TEST_DATABASE_URL; fixtures and models come from ../shared.
  benchmarks: ${Object.keys(BENCHMARKS).join(', ')}
`;

export const benchCommand: CliCommand = {
  summary: 'measure speed and memory; prints a JSON report',
  async run(argv) {
    const args = parseCliArgs(argv, { help: { type: 'boolean', short: 'h' } }, true);
    if (!args || args.values.help) {
      process.stdout.write(USAGE);
      return args ? 0 : 2;
    }
    const names = args.positionals.length ? args.positionals : Object.keys(BENCHMARKS);
    const unknown = names.filter((n) => !(n in BENCHMARKS));
    if (unknown.length) {
      process.stderr.write(`homesec bench: unknown benchmark(s) ${unknown.join(', ')}\n${USAGE}`);
      return 2;
    }
    const scratchDir = mkdtempSync(join(tmpdir(), 'homesec-bench-'));
    const shared = findSharedDir();
    const context: BenchContext = {
      scratchDir,
      postgresUrl: process.env.HOMESEC_TEST_DATABASE_URL || null,
      fixturesDir: shared ? join(shared, 'fixtures') : null,
      modelsDir: shared ? join(shared, 'models') : null,
      log: (message) => process.stderr.write(`[bench] ${message}\n`),
    };
    const results: { benchmark: string; figures: BenchFigure[]; error?: string }[] = [];
    let failed = false;
    try {
      for (const name of names) {
        const load = BENCHMARKS[name];
        if (!load) continue;
        context.log(`running ${name}`);
        try {
          results.push({ benchmark: name, figures: await (await load())(context) });
        } catch (e) {
          failed = true;
          results.push({ benchmark: name, figures: [], error: (e as Error).message });
          context.log(`${name} failed: ${(e as Error).message}`);
        }
      }
    } finally {
      rmSync(scratchDir, { recursive: true, force: true });
    }
    const report = { machine: machineDescription(), at: new Date().toISOString(), results };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(table(results));
    return failed ? 1 : 0;
  },
};

function table(results: { benchmark: string; figures: BenchFigure[] }[]): string {
  const rows = results.flatMap((r) =>
    r.figures.map((f) => {
      const ref = f.reference ? `  (ref ${f.reference.name}: ${round(f.reference.value)} ${f.reference.unit})` : '';
      return `${f.name.padEnd(48)} ${String(round(f.value)).padStart(10)} ${f.unit.padEnd(10)}${f.target ? ` target ${f.target}` : ''}${ref}`;
    }),
  );
  return `\n${rows.join('\n')}\n`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
