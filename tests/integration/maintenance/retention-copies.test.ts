import { existsSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clip } from '../../../server/src/core/clip.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { Retention, type RetentionReason } from '../../../server/src/maintenance/retention.js';
import { LocalDb } from '../../../server/src/store/local-db.js';
import { dropClip } from '../../support/drop-clip.js';
import { fixture } from '../../support/paths.js';
import { postgresBehindProxy } from '../../support/postgres.js';
import { startFakeDropbox, type FakeDropbox } from '../../support/servers/fake-dropbox-server.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';

const DAY = 86_400_000;

describe('retention owns every copy of a clip', () => {
  let running: StartedHomesec | null = null;
  let dropbox: FakeDropbox | null = null;
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    await running?.close();
    running = null;
    await dropbox?.close();
    dropbox = null;
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const offsite = (url: string) => ({ backend: 'dropbox', dropbox: { access_token: 'token-1', api_url: url, content_url: url } });

  /** Starts HomeSec with the fake Dropbox and runs one clip through, copied off-site. */
  async function oneCopiedClip(overrides: Record<string, unknown> = {}): Promise<{ app: StartedHomesec; clip: Clip }> {
    dropbox ??= await startFakeDropbox({ accessTokens: ['token-1'] });
    running = await startHomesec({ offsite: offsite(dropbox.url), ...overrides });
    const done = waitForClip(running.app, (c) => c.status === 'done', 20_000);
    dropClip(join(running.dir, 'inbox', 'front_door'), fixture('empty_scene.mp4'), 'one.mp4');
    const clip = await done;
    expect(clip.stages.upload, JSON.stringify(clip.stages)).toMatchObject({ outcome: 'ok' });
    expect(dropbox.files.has(`/homesec/${clip.mediaPath}`.toLowerCase())).toBe(true);
    return { app: running, clip };
  }

  /** A retention pass over the running app's media folder and records, as the app's own retention makes every 10 minutes. */
  function retentionOver(app: StartedHomesec, deleted: string[]): Retention {
    const localDb = LocalDb.open(app.config.dataDir);
    cleanups.push(() => localDb.stop());
    return new Retention({
      config: { maxDays: 30, maxGb: 0, deleteOffsite: true, minFreePercent: 0 },
      media: app.app.media,
      clips: app.app.repository,
      localDb,
      isInFlight: () => false,
      onDeleted: (clip, reason: RetentionReason) => {
        deleted.push(`${clip.clipId}:${reason}`);
        app.app.repository.recordDeletion(clip.clipId, clip.camera, reason);
      },
      log: createLogger('silent'),
    });
  }

  function age(app: StartedHomesec, clip: Clip, days: number): void {
    const when = new Date(Date.now() - days * DAY);
    for (const path of [clip.mediaPath, clip.thumbnailPath]) if (path) utimesSync(app.app.media.resolve(path), when, when);
  }

  it('deletes an old clip here and off-site, and records it as deleted', async () => {
    // Given a clip copied to Dropbox, 40 days old, with max_days 30
    const { app, clip } = await oneCopiedClip();
    age(app, clip, 40);
    await app.stop();
    // When HomeSec starts again (retention runs at start)
    running = await startHomesec({ offsite: offsite(dropbox?.url ?? '') }, { dir: app.dir });
    const media = running.app.media;
    // Then the local files go, the Dropbox copy goes, and the record says deleted with why
    await expect.poll(() => existsSync(media.resolve(clip.mediaPath)), { timeout: 15_000 }).toBe(false);
    await expect.poll(() => dropbox?.files.size, { timeout: 15_000 }).toBe(0);
    expect(await running.app.repository.drain(5000)).toBe(true);
    expect((await running.app.repository.getClip(clip.id))?.status).toBe('deleted');
    expect(running.logs.records('retention.deleted')).toEqual([
      expect.objectContaining({ clip_id: clip.id, reason: 'max_days', offsite: 'removed' }),
    ]);
  });

  it("removes the off-site copy with the dashboard's delete, and keeps it when delete_offsite is off", async () => {
    // Given a copied clip, default settings
    const first = await oneCopiedClip();
    // When it is deleted from the dashboard
    expect((await fetch(`${first.app.url}/api/clips/${first.clip.id}`, { method: 'DELETE' })).status).toBe(204);
    // Then its Dropbox copy is gone with the local files
    expect(dropbox?.files.size).toBe(0);
    expect(existsSync(first.app.app.media.resolve(first.clip.mediaPath))).toBe(false);
    await first.app.close();
    // Given retention.delete_offsite: false
    const second = await oneCopiedClip({ retention: { delete_offsite: false } });
    // When deleted from the dashboard, Then the local files go and the Dropbox copy stays
    expect((await fetch(`${second.app.url}/api/clips/${second.clip.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(existsSync(second.app.app.media.resolve(second.clip.mediaPath))).toBe(false);
    expect(dropbox?.files.size).toBe(1);
  });

  it('frees the disk even when Dropbox refuses, and removes the copy at the next pass', async () => {
    // Given an old copied clip, and Dropbox refusing the next delete
    const { app, clip } = await oneCopiedClip();
    age(app, clip, 40);
    dropbox?.script({ endpoint: '/2/files/delete_v2', status: 401 });
    const deleted: string[] = [];
    const retention = retentionOver(app, deleted);
    // When retention runs
    await retention.run();
    // Then the local files are gone but the copy is still there, remembered
    expect(deleted).toEqual([`${clip.id}:max_days`]);
    expect(existsSync(app.app.media.resolve(clip.mediaPath))).toBe(false);
    expect(dropbox?.files.size).toBe(1);
    // When the next pass runs, Then the copy is removed
    await retention.run();
    expect(dropbox?.files.size).toBe(0);
  });

  it('still deletes every copy with the database down and the clip no longer held locally (from the folder and the media path)', async () => {
    // Given a copied clip on Postgres, then Postgres unreachable and the clip's local state forgotten
    const db = await postgresBehindProxy();
    cleanups.push(db.drop, () => db.proxy.down());
    await db.proxy.up();
    const { app, clip } = await oneCopiedClip({ database_url: db.url });
    expect(await app.app.repository.drain(10_000)).toBe(true);
    await db.proxy.down();
    app.app.repository.forgetSettled(new Date(Date.now() + 60_000));
    expect(app.app.repository.getLocal(clip.id)).toBeNull();
    age(app, clip, 40);
    const deleted: string[] = [];
    // When retention runs without any clip record
    await retentionOver(app, deleted).run();
    // Then it deletes the files it found and the off-site copy at the same media path
    expect(deleted).toEqual([`${clip.id}:max_days`]);
    expect(existsSync(app.app.media.resolve(clip.mediaPath))).toBe(false);
    expect(dropbox?.files.size).toBe(0);
  });
});
