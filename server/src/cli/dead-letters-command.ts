import { SignalBus } from '../core/signal-bus.js';
import type { HomesecConfig } from '../config/schema.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { ffmpegToolsFromEnv } from '../media/ffmpeg-tools.js';
import { buildStore } from '../store/build-store.js';
import { DataDirLock, DataDirLockedError } from '../store/data-dir-lock.js';
import { LocalDb } from '../store/local-db.js';
import { StoreDeadLetters } from '../store/store-dead-letters.js';
import type { CliCommand } from './cli-command.js';
import { loadConfigOrReport, parseCliArgs } from './cli-args.js';

const USAGE = `usage: homesec dead-letters list|retry [--config PATH] [--id N]...
  Writes the clip store refused for good (a constraint, bad data, a missing grant) are set aside so the
  rest keeps flowing; health says how many.
  list    one JSON line per set-aside write {id, at, kind, clip_id, reason, write}; works while HomeSec runs
  retry   puts them (all, or --id N ...) back in the journal and writes them to the store, once the cause is
          fixed; an older clip state than the stored one is dropped as superseded. While HomeSec runs, use
          its API instead: POST /api/dead-letters/retry
  Exit 0, or 1 when a retried write was refused again (or the store could not be reached).
`;

const DRAIN_TIMEOUT_MS = 30_000;

export const deadLettersCommand: CliCommand = {
  summary: 'list or retry writes the clip store refused (set aside)',
  async run(argv) {
    const args = parseCliArgs(
      argv,
      { config: { type: 'string' }, id: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
      true,
    );
    const action = args?.positionals[0];
    if (!args || args.values.help || args.positionals.length !== 1 || (action !== 'list' && action !== 'retry')) {
      (args?.values.help ? process.stdout : process.stderr).write(USAGE);
      return args?.values.help ? 0 : 2;
    }
    const ids = (args.values.id ?? []).map(Number);
    if (ids.some((id) => !Number.isInteger(id) || id < 1)) {
      process.stderr.write('homesec dead-letters: --id must be a whole number (see the list)\n');
      return 2;
    }
    const loaded = loadConfigOrReport(args.values.config);
    if (!loaded) return 2;
    const { config } = loaded;
    if (action === 'list') return list(config);
    const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr);
    return retry(config, ids.length > 0 ? ids : undefined, log);
  },
};

/** Reads the local database only: safe beside the running service. */
function list(config: HomesecConfig): number {
  const localDb = LocalDb.open(config.dataDir);
  try {
    for (const letter of new StoreDeadLetters(localDb).list(undefined, Number.MAX_SAFE_INTEGER)) {
      const { id, at, kind, clipId, reason } = letter;
      process.stdout.write(`${JSON.stringify({ id, at, kind, clip_id: clipId, reason, write: parsed(letter.write) })}\n`);
    }
    return 0;
  } finally {
    localDb.stop();
  }
}

/** Takes the data folder (refusing beside the service), writes the retried writes to the store, reports. */
async function retry(config: HomesecConfig, ids: number[] | undefined, log: Logger): Promise<number> {
  const lock = new DataDirLock({ dataDir: config.dataDir, command: 'homesec dead-letters retry' });
  try {
    lock.start();
  } catch (e) {
    if (!(e instanceof DataDirLockedError)) throw e;
    process.stderr.write(`homesec dead-letters: ${e.message}\n  While it runs, retry through it: POST /api/dead-letters/retry\n`);
    return 1;
  }
  const localDb = LocalDb.open(config.dataDir);
  const { repository } = buildStore({ config, log, bus: new SignalBus(log), tools: ffmpegToolsFromEnv(), localDb }, {});
  try {
    await repository.start();
    const before = repository.listDeadLetters().length;
    const result = await repository.retryDeadLetters(ids);
    const drained = await repository.drain(DRAIN_TIMEOUT_MS);
    const aside = repository.listDeadLetters().length;
    const refusedAgain = Math.max(0, aside - (before - result.requeued - result.superseded));
    process.stdout.write(`${JSON.stringify({ ...result, refused_again: refusedAgain, still_aside: aside, written: drained })}\n`);
    if (!drained)
      process.stderr.write('homesec dead-letters: the store is not reachable; the writes wait in the journal for the next start\n');
    return drained && refusedAgain === 0 ? 0 : 1;
  } finally {
    await repository.stop();
    localDb.stop();
    lock.stop();
  }
}

function parsed(write: string): unknown {
  try {
    return JSON.parse(write) as unknown;
  } catch {
    return write;
  }
}
