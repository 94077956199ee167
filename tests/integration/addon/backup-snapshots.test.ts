import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SignalBus } from '../../../server/src/core/signal-bus.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { ClipRepository } from '../../../server/src/store/clip-repository.js';
import { SQLITE_FILE_NAME } from '../../../server/src/store/create-clip-store.js';
import { LocalClipStates } from '../../../server/src/store/local-clip-states.js';
import { LOCAL_DB_FILE_NAME, LocalDb } from '../../../server/src/store/local-db.js';
import { LocalSettings } from '../../../server/src/store/local-settings.js';
import { SqliteClipStore } from '../../../server/src/store/sqlite-clip-store.js';
import { StoreWriteJournal } from '../../../server/src/store/store-write-journal.js';
import { makeClip } from '../../support/factories.js';
import { REPO_DIR } from '../../support/paths.js';
import { makeTempDir } from '../../support/temp-dir.js';

const run = promisify(execFile);
const log = createLogger('silent');
const addonConfig = parse(readFileSync(join(REPO_DIR, 'homesec', 'config.yaml'), 'utf8')) as { backup_exclude: string[] };

/** `homesec backup <action>` in its own process, as the Supervisor runs backup_pre / backup_post (docker exec). */
function backup(action: string, configPath: string): Promise<{ stdout: string }> {
  return run('npx', ['tsx', join(REPO_DIR, 'server', 'src', 'main.ts'), 'backup', action, '--config', configPath], {
    cwd: REPO_DIR,
    env: { ...process.env, HOMESEC_OPTIONS_PATH: join(REPO_DIR, 'none.json') },
  });
}

/** The Supervisor's copy of /data: every file but the backup_exclude patterns (matched from the right, like PurePath.match). */
function copyForBackup(from: string, to: string): void {
  const excluded = (path: string) =>
    addonConfig.backup_exclude.some(
      (p) =>
        path.split('/').at(-1) === p || new RegExp(`^${p.replace(/\./g, '\\.').replace(/\*/g, '.*')}$`).test(path.split('/').at(-1) ?? ''),
    );
  cpSync(from, to, { recursive: true, filter: (src) => src === from || !excluded(relative(from, src)) });
}

describe('a hot backup of the add-on (backup_pre, the copy, backup_post)', () => {
  const dirs: { remove: () => void }[] = [];
  afterAll(() => dirs.forEach((d) => d.remove()));

  it('copies consistent databases while HomeSec keeps writing, and a restore puts them back', async () => {
    // Given HomeSec's two databases (local.db, homesec.db) and a write burst going on: clips through the
    // journal into the clip store, settings into the local database
    const data = makeTempDir('homesec-backup-data-');
    const copy = makeTempDir('homesec-backup-copy-');
    dirs.push(data, copy);
    const localDb = LocalDb.open(data.path);
    const store = new SqliteClipStore(join(data.path, SQLITE_FILE_NAME));
    const bus = new SignalBus(log);
    const repository = new ClipRepository({
      store,
      journal: new StoreWriteJournal(localDb),
      states: new LocalClipStates(localDb),
      transaction: (fn) => localDb.transaction(fn),
      bus,
      log,
    });
    await repository.start();
    const settings = new LocalSettings(localDb);
    let written = 0;
    let stop = false;
    const burst = (async () => {
      while (!stop || written < 50) {
        repository.create(makeClip({ id: `clip_burst_${written}` }), { type: 'clip_received', data: {} });
        settings.set(`burst:${written}`, String(written));
        written++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const configPath = join(data.path, 'homesec.yaml');
    writeFileSync(configPath, `data_dir: ${data.path}\nmedia_dir: ${join(data.path, 'media')}\n`);

    // When the Supervisor backs it up: backup_pre, a copy of /data less backup_exclude, backup_post
    const pre = await backup('pre', configPath);
    expect(pre.stdout).toContain('local.snapshot.db');
    copyForBackup(data.path, copy.path);
    await backup('post', configPath);
    const duringBackup = written;
    stop = true;
    await burst;

    // Then the copy has the snapshots and none of the live files, and the snapshots are gone from /data
    expect(existsSync(join(copy.path, LOCAL_DB_FILE_NAME))).toBe(false);
    expect(existsSync(join(copy.path, 'backup-snapshot', 'homesec.snapshot.db'))).toBe(true);
    expect(existsSync(join(data.path, 'backup-snapshot'))).toBe(false);

    // And restored (the add-on's start runs `homesec backup restore`), both open whole, with the writes up to the snapshot
    writeFileSync(join(copy.path, 'homesec.yaml'), `data_dir: ${copy.path}\nmedia_dir: ${join(copy.path, 'media')}\n`);
    const restored = await backup('restore', join(copy.path, 'homesec.yaml'));
    expect(restored.stdout).toContain(LOCAL_DB_FILE_NAME);
    for (const file of [LOCAL_DB_FILE_NAME, SQLITE_FILE_NAME]) {
      const db = new Database(join(copy.path, file), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true }), file).toBe('ok');
      db.close();
    }
    const restoredLocal = LocalDb.open(copy.path);
    const keys = new Database(join(copy.path, LOCAL_DB_FILE_NAME), { readonly: true });
    const inBackup = (keys.prepare("SELECT count(*) FROM settings WHERE key LIKE 'burst:%'").pluck().get() as number) ?? 0;
    keys.close();
    restoredLocal.stop();
    expect(inBackup).toBeGreaterThan(0);
    expect(inBackup).toBeLessThanOrEqual(duringBackup);

    // And nothing was paused or lost: every write of the burst is in the live databases
    expect(await repository.drain(10_000)).toBe(true);
    const live = new Database(join(data.path, SQLITE_FILE_NAME), { readonly: true });
    expect(live.prepare("SELECT count(*) FROM clips WHERE id LIKE 'clip_burst_%'").pluck().get()).toBe(written);
    live.close();
    await repository.stop();
    localDb.stop();
  });
});
