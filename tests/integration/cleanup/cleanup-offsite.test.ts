import type { HomesecCore } from '../../../server/src/app.js';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteClipStore } from '../../../server/src/store/sqlite-clip-store.js';
import { fixture, REPO_DIR, shippedModel } from '../../support/paths.js';
import { startFakeDropbox, type FakeDropbox } from '../../support/servers/fake-dropbox-server.js';
import { startHomesecCore, type StartedHomesec } from '../../support/start-homesec.js';

const CLI = join(REPO_DIR, 'server', 'bin', 'homesec.js');

describe('homesec cleanup --apply with an off-site copy', () => {
  let running: StartedHomesec<HomesecCore> | null = null;
  let dropbox: FakeDropbox | null = null;
  afterEach(async () => {
    await running?.close();
    await dropbox?.close();
    running = null;
  });

  /** One finished empty clip, copied to a (fake) Dropbox. */
  async function seed(): Promise<{ clipId: string; mediaPath: string }> {
    dropbox = await startFakeDropbox({ accessTokens: ['token-1'] });
    running = await startHomesecCore({
      offsite: { backend: 'dropbox', dropbox: { access_token: 'token-1', api_url: dropbox.url, content_url: dropbox.url } },
    });
    const { pipeline, repository } = running.app;
    const { intake } = pipeline;
    const now = new Date();
    const result = await intake.accept({
      camera: 'front_door',
      path: fixture('empty_scene.mp4'),
      source: 'cli',
      originalName: 'c.mp4',
      startedAt: now,
      endedAt: now,
      consume: false,
    });
    if (!result.ok) throw result.error;
    await pipeline.idle();
    await repository.drain(10_000);
    const clip = repository.getLocal(result.value.id);
    if (!clip?.offsite) throw new Error('the clip was not copied off-site');
    await running.stop();
    return { clipId: clip.id, mediaPath: clip.mediaPath };
  }

  /** Runs the CLI without blocking this process: the fake Dropbox answers from here. */
  const apply = (dir: string) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [CLI, 'cleanup', '--config', join(dir, 'config.yaml'), '--model', shippedModel('yolox_nano.onnx'), '--apply'],
        {
          env: { ...process.env, HOMESEC_OPTIONS_PATH: join(dir, 'none.json') },
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });

  async function events(dir: string, clipId: string) {
    const store = new SqliteClipStore(join(dir, 'data', 'homesec.db'));
    await store.start();
    try {
      return { clip: await store.getClip(clipId), events: await store.listClipEvents(clipId) };
    } finally {
      await store.stop();
    }
  }

  it('removes the Dropbox copy with the local files and records both', async () => {
    // Given an empty clip with a copy in Dropbox
    const { clipId, mediaPath } = await seed();
    expect(dropbox?.files.size).toBe(1);
    const dir = running?.dir ?? '';
    // When cleanup runs with --apply
    const result = await apply(dir);
    // Then the copy and the local file are gone, and the deletion records both
    expect(result.status, result.stderr).toBe(0);
    expect(dropbox?.files.size).toBe(0);
    expect(existsSync(join(dir, 'data', 'media', mediaPath))).toBe(false);
    const stored = await events(dir, clipId);
    expect(stored.clip?.status).toBe('deleted');
    expect(stored.events.find((e) => e.type === 'clip_deleted')?.data).toMatchObject({
      reason: 'cleanup',
      deleted_local: true,
      deleted_offsite: true,
    });
  });

  it('keeps the clip and its files when the Dropbox copy cannot be removed, and says why', async () => {
    // Given an empty clip with a copy in Dropbox that refuses deletes
    const { clipId, mediaPath } = await seed();
    dropbox?.script({ endpoint: '/2/files/delete_v2', status: 400, body: 'bad request' });
    const dir = running?.dir ?? '';
    // When cleanup runs with --apply
    const result = await apply(dir);
    // Then it exits 1 with an error line for the clip, and nothing was deleted
    expect(result.status).toBe(1);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.clip_id === clipId)).toMatchObject({ verdict: 'error', action: 'none' });
    expect(String(lines.find((l) => l.clip_id === clipId)?.reason)).toMatch(/off-site/);
    expect(dropbox?.files.size).toBe(1);
    expect(existsSync(join(dir, 'data', 'media', mediaPath))).toBe(true);
    expect((await events(dir, clipId)).clip?.status).toBe('done');
  });
});
