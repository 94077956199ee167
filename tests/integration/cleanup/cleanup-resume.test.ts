import type { HomesecCore } from '../../../server/src/app.js';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClipQuerySchema, type ClipQuery } from '../../../server/src/core/clip-query.js';
import { OnnxDetector } from '../../../server/src/detect/onnx-detector.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { CleanupCursor } from '../../../server/src/maintenance/cleanup-cursor.js';
import { runCleanup, type CleanupLine } from '../../../server/src/maintenance/cleanup.js';
import { ffmpegToolsFromEnv } from '../../../server/src/media/ffmpeg-tools.js';
import { mediaFolder } from '../../../server/src/media/media-paths.js';
import { LocalDb } from '../../../server/src/store/local-db.js';
import { LocalSettings } from '../../../server/src/store/local-settings.js';
import { SqliteClipStore } from '../../../server/src/store/sqlite-clip-store.js';
import { fixture, shippedModel } from '../../support/paths.js';
import { startHomesecCore, type StartedHomesec } from '../../support/start-homesec.js';

describe('cleanup cursor', () => {
  let running: StartedHomesec<HomesecCore> | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
  });

  it('resumes an interrupted run at the page where it stopped, and starts over after a complete run', async () => {
    // Given three finished clips nothing was detected in (detector off)
    running = await startHomesecCore();
    const { pipeline, repository } = running.app;
    const { intake } = pipeline;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const startedAt = new Date(Date.now() - (3 - i) * 60_000);
      const result = await intake.accept({
        camera: 'front_door',
        path: fixture('empty_scene.mp4'),
        source: 'cli',
        originalName: 'c.mp4',
        startedAt,
        endedAt: startedAt,
        consume: false,
      });
      if (!result.ok) throw result.error;
      ids.push(result.value.id);
    }
    await pipeline.idle();
    await repository.drain(10_000);
    await running.stop();
    const { config } = running;
    const log = createLogger('silent');
    const store = new SqliteClipStore(join(config.dataDir, 'homesec.db'));
    await store.start();
    const localDb = LocalDb.open(config.dataDir);
    const detector = new OnnxDetector({
      config: { ...config.detector, enabled: true, model: shippedModel('yolox_nano.onnx') },
      dataDir: config.dataDir,
      tools: ffmpegToolsFromEnv(),
      log,
    });
    await detector.start(new AbortController().signal);
    const run = (stopAfter: number | null) => {
      const abort = new AbortController();
      const lines: CleanupLine[] = [];
      const summary = runCleanup(
        {
          runId: 'r',
          workers: 1,
          pageSize: 1,
          clips: { listClips: (q: ClipQuery) => store.listClips(ClipQuerySchema.parse(q)) },
          detector,
          media: mediaFolder(config.mediaDir),
          cursor: new CleanupCursor(new LocalSettings(localDb), 'dry_run'),
          actions: null,
          workDir: config.dataDir,
          log,
          report: (line) => {
            lines.push(line);
            if (lines.length === stopAfter) abort.abort();
          },
        },
        abort.signal,
      );
      return summary.then((s) => ({ summary: s, lines }));
    };
    try {
      // When a run is interrupted while checking the second clip (pages of one, newest first)
      const first = await run(2);
      // Then it stops incomplete
      expect(first.summary.complete).toBe(false);
      expect(first.lines.map((l) => l.clip_id)).toEqual([ids[2], ids[1]]);
      // When the next run starts
      const second = await run(null);
      // Then it resumes at the interrupted page: the newest clip is not checked again
      expect(second.summary).toMatchObject({ resumed: true, complete: true });
      expect(second.lines.map((l) => l.clip_id)).toEqual([ids[1], ids[0]]);
      expect(second.lines.every((l) => l.verdict === 'confirmed_empty')).toBe(true);
      // And after a complete run the next one starts from the newest clip again
      const third = await run(null);
      expect(third.summary.resumed).toBe(false);
      expect(third.lines).toHaveLength(3);
    } finally {
      await detector.stop();
      localDb.stop();
      await store.stop();
    }
  });
});
