import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SQLITE_FILE_NAME } from '../store/create-clip-store.js';
import { LOCAL_DB_FILE_NAME } from '../store/local-db.js';

/**
 * Consistent copies of HomeSec's SQLite databases for a hot backup. The Supervisor copies /data file by
 * file while HomeSec writes; a WAL database copied that way can be torn. So `backup_pre` checkpoints
 * each database and writes a snapshot of it in one read transaction (VACUUM INTO: consistent, and the
 * service's writers never wait or fail: nothing is paused, nothing queued is lost), the live files are
 * left out of the backup (config.yaml backup_exclude), and `backup_post` deletes the snapshots. A
 * restored /data has the snapshots but no live files: the add-on's start moves them into place.
 */
export const SNAPSHOT_DIR = 'backup-snapshot';
export const DATABASE_FILES = [LOCAL_DB_FILE_NAME, SQLITE_FILE_NAME] as const;

/** `local.db` -> `local.snapshot.db`: a name the backup_exclude patterns of the live files never match. */
export function snapshotName(file: string): string {
  return file.replace(/\.db$/, '.snapshot.db');
}

/** Writes a snapshot of every database in `dataDir`; returns the snapshot paths. */
export function takeSnapshots(dataDir: string, now = new Date()): string[] {
  const dir = join(dataDir, SNAPSHOT_DIR);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const file of DATABASE_FILES) {
    const live = join(dataDir, file);
    if (!existsSync(live)) continue;
    const target = join(dir, snapshotName(file));
    const part = `${target}.part`;
    const db = new Database(live, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 10000');
      // Folds the WAL into the database file first, so the live file alone is current too.
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.prepare('VACUUM INTO ?').run(part);
    } finally {
      db.close();
    }
    renameSync(part, target);
    written.push(target);
  }
  writeFileSync(join(dir, 'taken.json'), JSON.stringify({ at: now.toISOString(), files: written.map((p) => p.slice(dir.length + 1)) }));
  return written;
}

/** Deletes the snapshots (backup_post: the backup has them). */
export function dropSnapshots(dataDir: string): void {
  rmSync(join(dataDir, SNAPSHOT_DIR), { recursive: true, force: true });
}

/**
 * At start: a database whose live file is missing but whose snapshot exists comes from a restored
 * backup, and is moved into place. Any snapshot left over (a crash between pre and post) is deleted.
 * Returns the databases restored.
 */
export function restoreSnapshots(dataDir: string): string[] {
  const dir = join(dataDir, SNAPSHOT_DIR);
  if (!existsSync(dir)) return [];
  const restored: string[] = [];
  for (const file of DATABASE_FILES) {
    const snapshot = join(dir, snapshotName(file));
    const live = join(dataDir, file);
    if (!existsSync(snapshot) || existsSync(live)) continue;
    for (const stale of [`${live}-wal`, `${live}-shm`]) rmSync(stale, { force: true });
    renameSync(snapshot, live);
    restored.push(file);
  }
  dropSnapshots(dataDir);
  return restored;
}
