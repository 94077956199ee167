import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CameraEvent } from '../../../server/src/core/camera-event.js';
import { SignalBus } from '../../../server/src/core/signal-bus.js';
import { newEvent } from '../../../server/src/events/new-event.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { Retention } from '../../../server/src/maintenance/retention.js';
import { ffmpegToolsFromEnv } from '../../../server/src/media/ffmpeg-tools.js';
import { MediaStore } from '../../../server/src/media/media-store.js';
import { ClipRepository } from '../../../server/src/store/clip-repository.js';
import { CameraEventRepository } from '../../../server/src/store/camera-event-repository.js';
import { LocalClipStates } from '../../../server/src/store/local-clip-states.js';
import { LocalDb } from '../../../server/src/store/local-db.js';
import { SqliteClipStore } from '../../../server/src/store/sqlite-clip-store.js';
import { StoreWriteJournal } from '../../../server/src/store/store-write-journal.js';
import { makeClip } from '../../support/factories.js';
import { makeTempDir } from '../../support/temp-dir.js';

const DAY = 86_400_000;
const log = createLogger('silent');

describe('retention lets events go with their footage', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('deletes a closed event from the store once retention deleted its clip, and keeps the event of a clip it kept', async () => {
    // Given the real repositories over a SQLite store, and two one-clip events: one 40 days old, one from yesterday
    const dir = makeTempDir();
    cleanups.push(() => dir.remove());
    const localDb = LocalDb.open(join(dir.path, 'data'));
    cleanups.push(() => localDb.stop());
    const bus = new SignalBus(log);
    const store = new SqliteClipStore(join(dir.path, 'data', 'homesec.db'));
    const repository = new ClipRepository({
      store,
      journal: new StoreWriteJournal(localDb),
      states: new LocalClipStates(localDb),
      transaction: (fn) => localDb.transaction(fn),
      bus,
      log,
    });
    await repository.start();
    cleanups.push(() => repository.stop());
    const events = new CameraEventRepository({ store, clips: repository, localDb, bus });
    const media = join(dir.path, 'media');
    const old = oneClipEvent(repository, events, media, 'c_old', 40);
    const recent = oneClipEvent(repository, events, media, 'c_new', 1);
    expect(await repository.drain(5000)).toBe(true);

    // When a retention pass with a 30-day limit runs
    const retention = new Retention({
      config: { maxDays: 30, maxGb: 0, deleteOffsite: true, minFreePercent: 0 },
      media: new MediaStore({ root: media, tools: ffmpegToolsFromEnv(), offsite: null, bus, log }),
      isInFlight: () => false,
      onDeleted: (clip, reason) => repository.recordDeletion(clip.clipId, clip.camera, reason),
      clips: repository,
      events: repository,
      log,
    });
    await retention.run();
    expect(await repository.drain(5000)).toBe(true);

    // Then the old clip is marked deleted and its event is gone from the store; the recent event stays
    expect((await store.getClip('c_old'))?.status).toBe('deleted');
    expect(await store.getEvent(old.id)).toBeNull();
    expect((await store.getEvent(recent.id))?.clipIds).toStrictEqual(['c_new']);
  });
});

/** A clip `ageDays` old with its files in the media folder, and its closed event. */
function oneClipEvent(
  repository: ClipRepository,
  events: CameraEventRepository,
  media: string,
  clipId: string,
  ageDays: number,
): CameraEvent {
  const startedAt = new Date(Date.now() - ageDays * DAY);
  const opened = events.open({ ...newEvent('front_door', 'folder', startedAt, false), id: `evt_${clipId}` });
  const folder = join(media, 'front_door', startedAt.toISOString().slice(0, 10));
  mkdirSync(folder, { recursive: true });
  const video = join(folder, `${clipId}.mp4`);
  writeFileSync(video, Buffer.alloc(1000));
  utimesSync(video, startedAt, startedAt);
  repository.create(
    makeClip({
      id: clipId,
      camera: 'front_door',
      startedAt: startedAt.toISOString(),
      status: 'done',
      eventId: opened.id,
      mediaPath: `front_door/${startedAt.toISOString().slice(0, 10)}/${clipId}.mp4`,
    }),
    { type: 'clip_received', data: {} },
  );
  return events.update(opened.id, (e) => ({ ...e, status: 'closed', endedAt: startedAt.toISOString(), clipIds: [clipId] }));
}
