import { readFileSync, writeFileSync } from 'node:fs';
import { configReferenceMarkdown } from '../config/config-reference.js';
import type { CliCommand } from './cli-command.js';
import { parseCliArgs } from './cli-args.js';

export const START_MARKER = '<!-- config-reference:start -->';
export const END_MARKER = '<!-- config-reference:end -->';

const USAGE =
  'usage: homesec config-reference [--write FILE...]\n  Prints every configuration key as a Markdown table, or rewrites it between the markers in each FILE.\n';

export const configReferenceCommand: CliCommand = {
  summary: 'print (or write into docs) the configuration reference',
  async run(argv) {
    const args = parseCliArgs(argv, { write: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, true);
    if (!args || args.values.help) {
      process.stdout.write(USAGE);
      return args ? 0 : 2;
    }
    const table = configReferenceMarkdown();
    if (!args.values.write) {
      process.stdout.write(`${table}\n`);
      return 0;
    }
    for (const file of args.positionals) {
      const text = readFileSync(file, 'utf8');
      const start = text.indexOf(START_MARKER);
      const end = text.indexOf(END_MARKER);
      if (start < 0 || end < start) {
        process.stderr.write(`${file}: no ${START_MARKER} ... ${END_MARKER} section\n`);
        return 1;
      }
      writeFileSync(file, `${text.slice(0, start + START_MARKER.length)}\n${table}\n${text.slice(end)}`);
    }
    return 0;
  },
};
