import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { diskSpace, freePercent } from '../../../server/src/maintenance/disk-space.js';
import type { Clip } from '../../../server/src/core/clip.js';
import { reportFault } from '../../support/fault-figures.js';
import { fixture, shippedModel } from '../../support/paths.js';
import { mountSmallDisk, type SmallDisk } from '../../support/small-disk.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';
import { makeTempDir } from '../../support/temp-dir.js';

const DISK_MB = 24;
const MIN_FREE_PERCENT = 25;
const NOISE_CLIPS = 8;

/** A one-second clip of pure noise (about 3 MB): big, and nothing in it to detect. */
function noiseClip(dir: string): string {
  const path = join(dir, 'noise.mp4');
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', "nullsrc=s=640x360:r=10,geq=lum='random(1)*255':cb=128:cr=128"],
    ...['-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '10', '-pix_fmt', 'yuv420p', path],
  ]);
  return path;
}

describe('a media disk that fills up', () => {
  let running: StartedHomesec | null = null;
  let disk: SmallDisk | null = null;
  let work: ReturnType<typeof makeTempDir> | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
    disk?.remove();
    work?.remove();
  });

  it('keeps recording: emergency retention deletes the oldest clips that did not alert, and health says why', async () => {
    // Given the media folder on a 24 MB disk that must keep 25% free, detection on
    disk = mountSmallDisk(DISK_MB);
    work = makeTempDir('homesec-disk-full-');
    const noise = noiseClip(work.path);
    running = await startHomesec({
      media_dir: disk.path,
      detector: { enabled: true, model: shippedModel('yolox_nano.onnx'), sample_fps: 1 },
      retention: { min_free_percent: MIN_FREE_PERCENT },
    });
    const app = running.app;
    // (handed to intake as a source does, without the folder's wait for a file to stop growing)
    const arrive = async (source: string, name: string): Promise<Clip> => {
      const done = waitForClip(app, (c) => c.originalName === name && (c.status === 'done' || c.status === 'failed'), 30_000);
      const now = new Date();
      const taken = await app.pipeline.intake.accept({
        camera: 'front_door',
        path: source,
        source: 'folder',
        originalName: name,
        startedAt: now,
        endedAt: now,
        consume: false,
      });
      if (!taken.ok) throw taken.error;
      return done;
    };
    // When a clip with people (it alerts) and then far more noise than the disk holds arrive, one after another
    const alerted = await arrive(fixture('pedestrians.mp4'), 'people.mp4');
    const clips = [alerted];
    for (let i = 0; i < NOISE_CLIPS; i++) clips.push(await arrive(noise, `noise-${i}.mp4`));
    // Then every clip was stored and processed: none failed for want of space
    expect(alerted.alerted).toBe(true);
    expect(clips.map((c) => c.status)).toEqual(clips.map(() => 'done'));
    // And emergency retention made room by deleting the oldest clips that did not alert; the alerted one is kept
    await expect
      .poll(async () => freePercent(await diskSpace(disk?.path ?? '')), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(MIN_FREE_PERCENT);
    const deletions = running.logs.records('retention.deleted');
    expect(deletions.length).toBeGreaterThan(0);
    expect(deletions.every((d) => d.reason === 'min_free' && d.clip_id !== alerted.id)).toBe(true);
    const deletedNames = clips.filter((c) => deletions.some((d) => d.clip_id === c.id)).map((c) => c.originalName);
    expect(deletedNames).toEqual(clips.slice(1, deletedNames.length + 1).map((c) => c.originalName));
    expect(existsSync(app.media.resolve(alerted.mediaPath))).toBe(true);
    // And health names the reason
    const check = app.health.report().checks.retention;
    expect(check?.status).toBe('degraded');
    expect(check?.message).toMatch(/emergency retention deleted \d+ clip\(s\) \(oldest that did not alert first\)/);
    const space = await diskSpace(disk.path);
    reportFault(
      'media disk fills',
      {
        clips_arrived: clips.length,
        clips_failed: clips.filter((c) => c.status !== 'done').length,
        deleted_by_emergency: deletions.length,
        alerted_deleted: deletions.filter((d) => d.clip_id === alerted.id).length,
        free_mb_at_end: (space.freeBytes / 1e6).toFixed(1),
      },
      `${DISK_MB} MB tmpfs, min_free_percent ${MIN_FREE_PERCENT}, ${NOISE_CLIPS} x 3 MB unalerted clips after one alerted`,
    );
  });
});
