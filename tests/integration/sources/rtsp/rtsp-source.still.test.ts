import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRtspCameraServer, type RtspCameraServer } from '../../../support/rtsp-camera-server.js';
import { makeHarness, nextEvent, type Harness } from './rtsp-harness.js';

const STILL_FOR_MS = 60_000;

describe('RtspSource on a still scene', () => {
  let camera: RtspCameraServer | null = null;
  let harness: Harness | null = null;

  afterEach(async () => {
    await harness?.source.stop();
    await camera?.kill();
    harness?.cleanup();
  });

  it('records no clip over 60 s and keeps only a short rolling buffer on disk', { timeout: 90_000 }, async () => {
    // Given a camera that shows the same frame all the time, and a source with default motion settings
    camera = await startRtspCameraServer({ scene: 'still' });
    harness = makeHarness({ url: camera.url(), pre_roll_s: 3, post_roll_s: 3, segment_s: 1 });
    const { source, intake, workDir } = harness;
    const motions: number[] = [];
    let segments = 0;
    let mostFilesOnDisk = 0;
    source.on('motion', (m) => void motions.push(m.at));
    source.on('segment', () => {
      segments++;
      mostFilesOnDisk = Math.max(mostFilesOnDisk, readdirSync(join(workDir, 'segments')).length);
    });
    const online = nextEvent(source, 'status', (s) => s.online, 20_000);
    await source.start(new AbortController().signal);
    await online;

    // When 60 s of the still scene have been watched
    const watchedFrom = Date.now();
    await nextEvent(source, 'segment', (s) => s.endedAt >= watchedFrom + STILL_FOR_MS, STILL_FOR_MS + 15_000);
    await source.stop();

    // Then no motion was reported and no clip was handed over
    expect(motions).toEqual([]);
    expect(intake.clips).toEqual([]);
    // ...while the recorder kept running and deleted old segments (pre-roll + latency, a list file, the open segment)
    expect(segments).toBeGreaterThanOrEqual(55);
    expect(mostFilesOnDisk).toBeLessThanOrEqual(10);
  });
});
