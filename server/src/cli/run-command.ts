import { HomesecApp } from '../app.js';
import { installProcessGuards } from '../runtime/process-guards.js';
import { DbLogSink } from '../logging/db-log-sink.js';
import { createLogger } from '../logging/logger.js';
import type { CliCommand } from './cli-command.js';
import { loadConfigOrReport, parseCliArgs } from './cli-args.js';

const USAGE =
  'usage: homesec run [--config PATH]\n  Runs the service (embedded defaults when no config is given). SIGTERM or SIGINT stops it.\n';

export const runCommand: CliCommand = {
  summary: 'run the service',
  async run(argv) {
    const args = parseCliArgs(argv, { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
    if (!args || args.values.help) {
      process.stdout.write(USAGE);
      return args ? 0 : 2;
    }
    const loaded = loadConfigOrReport(args.values.config);
    if (!loaded) return 2;
    const { config } = loaded;
    // The sink buffers from the first line; the app attaches it to the database once the store is up.
    const logSink = config.logs.enabled
      ? new DbLogSink({ dbLevel: config.logs.dbLevel, maxBuffer: config.logs.maxBuffer, retentionDays: config.logs.retentionDays })
      : undefined;
    const log = createLogger(config.logLevel, undefined, logSink);
    installProcessGuards(log);
    const configFile = loaded.origin.kind === 'file' ? { configFile: loaded.origin.path } : {};
    const app = HomesecApp.service({ config, log, ...(logSink ? { logSink } : {}), ...configFile });
    const abort = new AbortController();
    const stopped = new Promise<void>((resolve) => {
      const onSignal = (name: string) => {
        log.info({ event_type: 'app.stopping', signal: name }, 'stopping');
        abort.abort();
        // stop() logs every part that fails to stop; the process exits either way.
        app.stop().then(resolve, resolve);
      };
      process.once('SIGTERM', () => onSignal('SIGTERM'));
      process.once('SIGINT', () => onSignal('SIGINT'));
    });
    try {
      await app.start(abort.signal);
    } catch (e) {
      await app.stop();
      // A SIGTERM during start-up aborts the start: that is a requested stop, not a failure.
      if (abort.signal.aborted) {
        log.info({ event_type: 'app.stopped' }, 'HomeSec stopped during start-up');
        return 0;
      }
      log.fatal({ event_type: 'app.start_failed', err: e }, `cannot start: ${(e as Error).message}`);
      return 1;
    }
    log.info({ event_type: 'app.started' }, 'HomeSec started');
    await stopped;
    log.info({ event_type: 'app.stopped' }, 'HomeSec stopped');
    return 0;
  },
};
