import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeadLetterListResponse, DeadLetterRetryResponse } from '../../../server/src/http/dead-letters-contract.js';
import { dropClip } from '../../support/drop-clip.js';
import { fixture, REPO_DIR } from '../../support/paths.js';
import { isolatedDatabaseUrl } from '../../support/postgres.js';
import { startHomesec, type StartedHomesec } from '../../support/start-homesec.js';

const CLI = join(REPO_DIR, 'server', 'bin', 'homesec.js');

/** A check an admin added to the clips table: it refuses one clip's rows for good (SQLSTATE 23514). */
const REFUSE_POISON = `
  CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.doc->>'originalName' LIKE 'poison%' THEN
      RAISE EXCEPTION 'clip % refused by a check the admin added', NEW.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER refuse_poison BEFORE INSERT OR UPDATE ON clips FOR EACH ROW EXECUTE FUNCTION refuse_poison();
`;
const ALLOW_ALL = 'DROP TRIGGER refuse_poison ON clips; DROP FUNCTION refuse_poison();';

async function sql(url: URL, text: string): Promise<pg.QueryResult> {
  const schema = url.searchParams.get('schema') ?? 'public';
  const base = new URL(url);
  base.search = '';
  const client = new pg.Client({ connectionString: base.toString(), options: `-c search_path=${schema}` });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** Drops clips into the inbox and resolves with their ids once every one is done. */
async function dropAndFinish(running: StartedHomesec, names: readonly string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const finished = new Promise<void>((resolve) => {
    running.app.bus.on({}, 'clip.recorded', (clip) => {
      if (clip.status !== 'done' || !names.includes(clip.originalName)) return;
      ids.set(clip.originalName, clip.id);
      if (ids.size === names.length) resolve();
    });
  });
  for (const name of names) dropClip(join(running.dir, 'inbox', 'front_door'), fixture('empty_scene.mp4'), name);
  await finished;
  return ids;
}

function cli(config: string, ...args: string[]) {
  return spawnSync(process.execPath, [CLI, 'dead-letters', ...args, '--config', config], { encoding: 'utf8', timeout: 60_000 });
}

describe('a write the clip store refuses for good', () => {
  let running: StartedHomesec | null = null;
  let drop: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
    await drop?.();
  });

  it('is set aside with its reason, health says so, the rest keeps flowing, and it is listed and retried once fixed', async () => {
    // Given HomeSec on Postgres, where a check refuses one clip's rows
    const db = isolatedDatabaseUrl();
    drop = db.drop;
    const url = new URL(db.url);
    running = await startHomesec({ database_url: db.url });
    const { app } = running;
    await sql(url, REFUSE_POISON);
    // When that clip arrives between two others, and another one after it
    const ids = await dropAndFinish(running, ['good-1.mp4', 'poison.mp4', 'good-2.mp4']);
    const later = await dropAndFinish(running, ['good-3.mp4']);
    // Then the journal drains: every other clip is in Postgres, done; the refused clip's rows are set aside
    expect(await app.repository.drain(15_000)).toBe(true);
    const stored = await sql(url, "SELECT doc->>'originalName' AS name, status FROM clips ORDER BY name");
    expect(stored.rows).toEqual([
      { name: 'good-1.mp4', status: 'done' },
      { name: 'good-2.mp4', status: 'done' },
      { name: 'good-3.mp4', status: 'done' },
    ]);
    const poison = ids.get('poison.mp4') ?? '';
    const events = await sql(url, `SELECT type FROM clip_events WHERE clip_id = '${poison}' ORDER BY seq`);
    expect(events.rows.at(-1)).toEqual({ type: 'clip_done' });
    expect(later.size).toBe(1);
    // And health says so, and each set-aside write was logged with the store's reason
    expect(app.health.report().checks.store).toMatchObject({ status: 'degraded', message: expect.stringContaining('set aside') });
    const logged = running.logs.records('store.write_set_aside');
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.every((r) => r.clip_id === poison && String(r.reason).includes('refused by a check the admin added'))).toBe(true);
    // And the API and the command list them, the command also while the service runs
    const listed = (await (await fetch(`${running.url}/api/dead-letters`)).json()) as DeadLetterListResponse;
    expect(listed.deadLetters).toHaveLength(logged.length);
    expect(listed.deadLetters.every((l) => l.kind === 'clip' && l.clipId === poison)).toBe(true);
    const config = join(running.dir, 'config.yaml');
    const lines = cli(config, 'list').stdout.trim().split('\n');
    expect(lines).toHaveLength(logged.length);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ kind: 'clip', clip_id: poison, write: { clip: { id: poison } } });
    // And the command's retry refuses beside the running service, pointing at its API
    const refused = cli(config, 'retry');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('POST /api/dead-letters/retry');

    // When the admin lifts the check and the writes are retried through the API
    await sql(url, ALLOW_ALL);
    const response = await fetch(`${running.url}/api/dead-letters/retry`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    const retried = (await response.json()) as DeadLetterRetryResponse;
    // Then only the newest state goes back (older ones are superseded), it lands, and health is healthy again
    expect(retried).toEqual({ requeued: 1, superseded: logged.length - 1, unreadable: 0 });
    expect(await app.repository.drain(15_000)).toBe(true);
    expect((await sql(url, `SELECT status FROM clips WHERE id = '${poison}'`)).rows).toEqual([{ status: 'done' }]);
    expect(((await (await fetch(`${running.url}/api/dead-letters`)).json()) as DeadLetterListResponse).deadLetters).toEqual([]);
    expect(app.health.report().checks.store?.status).toBe('healthy');
  });

  it('is retried by `homesec dead-letters retry` while the service is stopped', async () => {
    // Given a set-aside clip write and the service stopped
    const db = isolatedDatabaseUrl();
    drop = db.drop;
    const url = new URL(db.url);
    running = await startHomesec({ database_url: db.url });
    await sql(url, REFUSE_POISON);
    const poison = (await dropAndFinish(running, ['poison-2.mp4'])).get('poison-2.mp4') ?? '';
    expect(await running.app.repository.drain(15_000)).toBe(true);
    await running.stop();
    // When the check is lifted and the command retries
    await sql(url, ALLOW_ALL);
    const result = cli(join(running.dir, 'config.yaml'), 'retry');
    // Then it reports what it did and the clip is in Postgres
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({ requeued: 1, refused_again: 0, still_aside: 0, written: true });
    expect((await sql(url, `SELECT status FROM clips WHERE id = '${poison}'`)).rows).toEqual([{ status: 'done' }]);
  });
});
