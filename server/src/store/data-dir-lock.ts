import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { HomesecError } from '../core/errors.js';
import type { Part } from '../core/lifecycle.js';

export const LOCK_FILE_NAME = 'homesec.lock';
const HOLDER_FILE_NAME = 'homesec.lock.json';

/** Who holds the lock, for the message another process shows. Informational: the lock itself is the OS file lock. */
const HolderSchema = z.object({ pid: z.number(), command: z.string(), since: z.string() });
export type LockHolder = z.infer<typeof HolderSchema>;

/** Another HomeSec process works on this data folder; the message says which and what to do. */
export class DataDirLockedError extends HomesecError {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | null,
  ) {
    const who = holder ? `${holder.command}, pid ${holder.pid}, since ${holder.since}` : 'another process';
    super(
      `another HomeSec (${who}) is using the data folder ${dataDir}; stop it first. ` +
        'Two processes on one data folder would resume the same clips and could alert twice.',
    );
  }
}

export interface DataDirLockOptions {
  readonly dataDir: string;
  /** What this process is, for the other side's message: `homesec run`, `homesec process`. */
  readonly command: string;
}

/**
 * One HomeSec process per data folder. The lock is an exclusive SQLite lock on `homesec.lock` (a POSIX
 * file lock underneath), held for the life of the process: the kernel drops it when the process ends
 * in any way, SIGKILL and OOM kills included, so there is no stale lock to clean up and no pid to guess.
 */
export class DataDirLock implements Part {
  readonly name = 'data folder lock';
  private db: Database.Database | null = null;

  constructor(private readonly options: DataDirLockOptions) {}

  /** Takes the lock or throws DataDirLockedError (P0: start-up stops with that message). */
  start(): void {
    if (this.db) return;
    const { dataDir, command } = this.options;
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, LOCK_FILE_NAME), { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      // The first write takes the exclusive lock, which this locking mode then keeps until close.
      db.exec('CREATE TABLE IF NOT EXISTS lock (id INTEGER PRIMARY KEY); BEGIN EXCLUSIVE; COMMIT;');
    } catch (e) {
      db.close();
      if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw new DataDirLockedError(dataDir, readHolder(dataDir));
      throw new HomesecError(`cannot lock the data folder ${dataDir}: ${(e as Error).message}`, { cause: e });
    }
    this.db = db;
    const holder: LockHolder = { pid: process.pid, command, since: new Date().toISOString() };
    writeFileSync(join(dataDir, HOLDER_FILE_NAME), `${JSON.stringify(holder)}\n`);
  }

  stop(): void {
    const db = this.db;
    this.db = null;
    if (!db) return;
    rmSync(join(this.options.dataDir, HOLDER_FILE_NAME), { force: true });
    db.close();
  }

  /** Throws DataDirLockedError when another process holds the folder now (a quick check before slow work). */
  static check(options: DataDirLockOptions): void {
    const lock = new DataDirLock(options);
    lock.start();
    lock.stop();
  }
}

function readHolder(dataDir: string): LockHolder | null {
  try {
    return HolderSchema.parse(JSON.parse(readFileSync(join(dataDir, HOLDER_FILE_NAME), 'utf8')));
  } catch {
    // Written a moment after the lock is taken, or by an older release: the message says "another process".
    return null;
  }
}
