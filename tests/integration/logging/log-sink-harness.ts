import { HomesecApp, type HomesecService } from '../../../server/src/app.js';
import type { HomesecConfig } from '../../../server/src/config/schema.js';
import { DbLogSink } from '../../../server/src/logging/db-log-sink.js';
import { createLogger, type Logger } from '../../../server/src/logging/logger.js';
import { LogCapture } from '../../support/log-capture.js';
import { loadTestConfig } from '../../support/start-homesec.js';
import { makeTempDir } from '../../support/temp-dir.js';

export interface AppWithLogSink {
  readonly app: HomesecService;
  readonly config: HomesecConfig;
  readonly sink: DbLogSink;
  readonly stdout: LogCapture;
  readonly log: Logger;
  readonly dir: string;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts the real app the way `homesec run` does: a logger whose lines also go to a database log
 * sink, which the app attaches to the log store. `overrides` are YAML keys.
 */
export async function startWithLogSink(overrides: Record<string, unknown> = {}, webDir?: string): Promise<AppWithLogSink> {
  const temp = makeTempDir('homesec-logs-app-');
  const dir = temp.path;
  const config = loadTestConfig(dir, overrides);
  const sink = new DbLogSink({
    dbLevel: config.logs.dbLevel,
    maxBuffer: config.logs.maxBuffer,
    retentionDays: config.logs.retentionDays,
    backoffMaxMs: 4000,
  });
  const stdout = new LogCapture();
  const log = createLogger(config.logLevel, stdout, sink);
  const app = HomesecApp.service({ config, log, logSink: sink, ...(webDir ? { webDir } : {}) });
  const running = await app.start(new AbortController().signal);
  return {
    app: running,
    config,
    sink,
    stdout,
    log,
    dir,
    url: `http://127.0.0.1:${running.http.port()}`,
    close: async () => {
      await app.stop();
      temp.remove();
    },
  };
}
