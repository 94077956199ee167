import { dropSnapshots, restoreSnapshots, takeSnapshots } from '../backup/backup-snapshots.js';
import type { CliCommand } from './cli-command.js';
import { loadConfigOrReport, parseCliArgs } from './cli-args.js';

const USAGE = `usage: homesec backup pre|post|restore [--config PATH]
  The add-on's backup_pre / backup_post commands and its start (backup/backup-snapshots.ts):
  pre      consistent snapshots of the SQLite databases in <data_dir>/backup-snapshot (works while HomeSec runs)
  post     deletes them
  restore  moves a restored backup's snapshots into place where the live database is missing
`;

export const backupCommand: CliCommand = {
  summary: 'consistent SQLite snapshots around a hot backup (the add-on runs it)',
  async run(argv) {
    const args = parseCliArgs(argv, { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, true);
    const action = args?.positionals[0];
    if (!args || args.values.help || args.positionals.length !== 1 || !['pre', 'post', 'restore'].includes(action ?? '')) {
      (args?.values.help ? process.stdout : process.stderr).write(USAGE);
      return args?.values.help ? 0 : 2;
    }
    const loaded = loadConfigOrReport(args.values.config);
    if (!loaded) return 2;
    const { dataDir } = loaded.config;
    try {
      if (action === 'pre') process.stdout.write(`snapshots: ${takeSnapshots(dataDir).join(', ') || 'none (no database yet)'}\n`);
      else if (action === 'post') dropSnapshots(dataDir);
      else process.stdout.write(`restored: ${restoreSnapshots(dataDir).join(', ') || 'nothing'}\n`);
      return 0;
    } catch (e) {
      process.stderr.write(`homesec backup ${action}: ${(e as Error).message}\n`);
      return 1;
    }
  },
};
