import type { CliCommand } from './cli/cli-command.js';

// Commands load lazily so `homesec validate` never pays for ONNX Runtime or the web server.
const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  run: async () => (await import('./cli/run-command.js')).runCommand,
  validate: async () => (await import('./cli/validate-command.js')).validateCommand,
  process: async () => (await import('./cli/process-command.js')).processCommand,
  bench: async () => (await import('./cli/bench-command.js')).benchCommand,
  'config-reference': async () => (await import('./cli/config-reference-command.js')).configReferenceCommand,
  detect: async () => (await import('./cli/detect-command.js')).detectCommand,
  cleanup: async () => (await import('./cli/cleanup-command.js')).cleanupCommand,
  'dead-letters': async () => (await import('./cli/dead-letters-command.js')).deadLettersCommand,
  backup: async () => (await import('./cli/backup-command.js')).backupCommand,
};

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await printHelp();
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`homesec: unknown command "${name}"\n`);
    await printHelp();
    return 2;
  }
  return (await load()).run(rest);
}

async function printHelp(): Promise<void> {
  const lines = ['usage: homesec <command> [options]', '', 'commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(12)} ${(await load()).summary}`);
  lines.push('', "Run `homesec <command> --help` for a command's options.");
  process.stdout.write(`${lines.join('\n')}\n`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`homesec: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
