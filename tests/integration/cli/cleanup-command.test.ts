import type { HomesecCore } from '../../../server/src/app.js';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clip } from '../../../server/src/core/clip.js';
import { SqliteClipStore } from '../../../server/src/store/sqlite-clip-store.js';
import { makeDetection } from '../../support/factories.js';
import { fixture, REPO_DIR, shippedModel } from '../../support/paths.js';
import { startHomesecCore, type StartedHomesec } from '../../support/start-homesec.js';

const CLI = join(REPO_DIR, 'server', 'bin', 'homesec.js');

interface Seeded {
  readonly dir: string;
  readonly empty: Clip;
  readonly people: Clip;
}

/**
 * A store holding two finished clips the detector (off here) never found anything in: the empty
 * scene, and the pedestrians clip marked empty (an old model that missed them).
 */
async function seedStore(): Promise<{ running: StartedHomesec<HomesecCore>; seeded: Seeded }> {
  const running = await startHomesecCore();
  const { pipeline, repository } = running.app;
  const { intake } = pipeline;
  const accept = async (file: string, startedAt: Date) => {
    const result = await intake.accept({
      camera: 'front_door',
      path: file,
      source: 'cli',
      originalName: 'clip.mp4',
      startedAt,
      endedAt: startedAt,
      consume: false,
    });
    if (!result.ok) throw result.error;
    return result.value.id;
  };
  const emptyId = await accept(fixture('empty_scene.mp4'), new Date(Date.now() - 60_000));
  const peopleId = await accept(fixture('pedestrians.mp4'), new Date());
  await pipeline.idle();
  repository.update(peopleId, (c) => ({ ...c, detection: makeDetection([], { model: 'old_model' }) }));
  await repository.drain(10_000);
  const empty = repository.getLocal(emptyId);
  const people = repository.getLocal(peopleId);
  if (!empty || !people) throw new Error('clips not stored');
  await running.stop();
  return { running, seeded: { dir: running.dir, empty, people } };
}

function cleanup(dir: string, ...args: string[]) {
  const result = spawnSync(
    process.execPath,
    [CLI, 'cleanup', '--config', join(dir, 'config.yaml'), '--model', shippedModel('yolox_nano.onnx'), ...args],
    {
      encoding: 'utf8',
      timeout: 180_000,
      env: { ...process.env, HOMESEC_OPTIONS_PATH: join(dir, 'none.json') },
    },
  );
  const lines = result.stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code: result.status, stderr: result.stderr, lines };
}

async function readStore(dir: string, clipId: string) {
  const store = new SqliteClipStore(join(dir, 'data', 'homesec.db'));
  await store.start();
  try {
    return { clip: await store.getClip(clipId), events: await store.listClipEvents(clipId) };
  } finally {
    await store.stop();
  }
}

describe('homesec cleanup', () => {
  let running: StartedHomesec<HomesecCore> | null = null;
  let seeded: Seeded;
  beforeEach(async () => {
    ({ running, seeded } = await seedStore());
  });
  afterEach(async () => {
    await running?.close();
    running = null;
  });

  it('dry run: reports one confirmed-empty clip and one with persons, and changes nothing', async () => {
    // Given the two "empty" clips
    // When cleanup runs without --apply
    const { code, lines } = cleanup(seeded.dir);
    // Then it prints a line per clip and a summary, and exits 0
    expect(code).toBe(0);
    const byId = new Map(lines.filter((l) => 'clip_id' in l).map((l) => [l.clip_id, l]));
    expect(byId.get(seeded.empty.id)).toMatchObject({ camera: 'front_door', verdict: 'confirmed_empty', labels: [], action: 'none' });
    expect(byId.get(seeded.people.id)).toMatchObject({ verdict: 'found_objects', action: 'none' });
    expect(byId.get(seeded.people.id)?.labels).toContain('person');
    expect(lines[lines.length - 1]).toMatchObject({
      summary: { apply: false, complete: true, candidates: 2, confirmed_empty: 1, found_objects: 1, deleted: 0, requeued: 0 },
    });
    // And both clips and their files are untouched
    const media = join(seeded.dir, 'data', 'media');
    expect(existsSync(join(media, seeded.empty.mediaPath))).toBe(true);
    expect((await readStore(seeded.dir, seeded.empty.id)).clip?.status).toBe('done');
    expect((await readStore(seeded.dir, seeded.people.id)).events.map((e) => e.type)).not.toContain('clip_requeued');
  });

  it('--apply: deletes only the confirmed-empty clip (files gone, event recorded) and re-queues the other through the pipeline', async () => {
    // Given the two "empty" clips
    // When cleanup runs with --apply
    const { code, lines, stderr } = cleanup(seeded.dir, '--apply');
    // Then the empty clip is deleted and the clip with persons re-queued
    expect(code, stderr).toBe(0);
    const byId = new Map(lines.filter((l) => 'clip_id' in l).map((l) => [l.clip_id, l]));
    expect(byId.get(seeded.empty.id)).toMatchObject({ verdict: 'confirmed_empty', action: 'deleted' });
    expect(byId.get(seeded.people.id)).toMatchObject({ verdict: 'found_objects', action: 'requeued' });
    expect(lines[lines.length - 1]).toMatchObject({ summary: { apply: true, deleted: 1, requeued: 1, error: 0 } });
    // And the empty clip's files are gone, its state deleted, with a clip_deleted event saying why
    const media = join(seeded.dir, 'data', 'media');
    expect(existsSync(join(media, seeded.empty.mediaPath))).toBe(false);
    if (seeded.empty.thumbnailPath) expect(existsSync(join(media, seeded.empty.thumbnailPath))).toBe(false);
    const empty = await readStore(seeded.dir, seeded.empty.id);
    expect(empty.clip?.status).toBe('deleted');
    expect(empty.events.find((e) => e.type === 'clip_deleted')?.data).toMatchObject({ reason: 'cleanup', deleted_local: true });
    // And the clip with persons keeps its file, has the new detection, was re-queued and went through the pipeline again
    expect(existsSync(join(media, seeded.people.mediaPath))).toBe(true);
    const people = await readStore(seeded.dir, seeded.people.id);
    const types = people.events.map((e) => e.type);
    expect(types).toContain('clip_requeued');
    expect(types.lastIndexOf('clip_done')).toBeGreaterThan(types.indexOf('clip_requeued'));
    expect(people.clip?.status).toBe('done');
    expect(people.clip?.detection?.labels.map((l) => l.label)).toContain('person');
    expect(people.clip?.alerted).toBe(true);
    expect(people.clip?.snapshotPath && existsSync(join(media, people.clip.snapshotPath))).toBe(true);
    // And a second run finds nothing left to re-check
    const again = cleanup(seeded.dir);
    expect(again.lines[again.lines.length - 1]).toMatchObject({ summary: { candidates: 0 } });
  });
});
