import { mkdirSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { SignalBus } from '../../../server/src/core/signal-bus.js';
import { ffmpegToolsFromEnv } from '../../../server/src/media/ffmpeg-tools.js';
import { MediaStore } from '../../../server/src/media/media-store.js';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Retention } from '../../../server/src/maintenance/retention.js';
import { makeTempDir } from '../../support/temp-dir.js';

const DAY = 86_400_000;

describe('retention', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  /** The media folder as retention sees it (not started: no background count). */
  function mediaStore(): MediaStore {
    const log = pino({ level: 'silent' });
    return new MediaStore({ root: dir.path, tools: ffmpegToolsFromEnv(), offsite: null, bus: new SignalBus(log), log });
  }

  /** Writes a clip's video, thumbnail and snapshot, `ageDays` old, `kb` kilobytes of video. */
  function storedClip(id: string, ageDays: number, kb: number): string[] {
    const folder = join(dir.path, 'front_door', '2026-11-01');
    mkdirSync(folder, { recursive: true });
    const files = [`${id}.mp4`, `${id}.thumb.jpg`, `${id}.snapshot.jpg`].map((name) => join(folder, name));
    writeFileSync(files[0] ?? '', Buffer.alloc(kb * 1000));
    for (const f of files.slice(1)) writeFileSync(f, 'jpg');
    const when = new Date(Date.now() - ageDays * DAY);
    for (const f of files) utimesSync(f, when, when);
    return files;
  }

  it('removes the oldest clips past the size cap and leaves in-flight ones', async () => {
    // Given five 200 kB clips of different ages, the oldest still in the pipeline, and a 0.5 MB cap
    const clips = ['c1', 'c2', 'c3', 'c4', 'c5'].map((id, i) => ({ id, files: storedClip(id, 10 - i, 200) }));
    const deleted: string[] = [];
    const retention = new Retention({
      config: { maxDays: 0, maxGb: 0.0005, deleteOffsite: true, minFreePercent: 0 },
      media: mediaStore(),
      isInFlight: (id) => id === 'c1',
      onDeleted: (clip, reason) => deleted.push(`${clip.clipId}:${reason}`),
      log: pino({ level: 'silent' }),
    });
    // When a retention pass runs
    const pass = await retention.run();
    // Then the oldest clips that are not in flight go, with all their files, until the total fits
    expect(deleted).toEqual(['c2:max_gb', 'c3:max_gb', 'c4:max_gb']);
    expect(pass.remainingBytes).toBeLessThanOrEqual(500_000);
    for (const clip of clips) {
      const gone = ['c2', 'c3', 'c4'].includes(clip.id);
      for (const file of clip.files) expect(existsSync(file)).toBe(!gone);
    }
  });

  it('removes clips older than max_days and keeps younger ones', async () => {
    // Given clips 40, 20 and 1 days old and a 30-day limit
    storedClip('old', 40, 1);
    storedClip('mid', 20, 1);
    storedClip('new', 1, 1);
    const deleted: string[] = [];
    const retention = new Retention({
      config: { maxDays: 30, maxGb: 0, deleteOffsite: true, minFreePercent: 0 },
      media: mediaStore(),
      isInFlight: () => false,
      onDeleted: (clip, reason) => deleted.push(`${clip.clipId}:${reason}`),
      log: pino({ level: 'silent' }),
    });
    // When it runs, Then only the 40-day-old clip is deleted
    await retention.run();
    expect(deleted).toEqual(['old:max_days']);
  });
});
