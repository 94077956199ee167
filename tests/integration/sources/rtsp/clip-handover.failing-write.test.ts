import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../server/src/logging/logger.js';
import { ffmpegToolsFromEnv } from '../../../../server/src/media/ffmpeg-tools.js';
import { ClipHandover, type HandoverOutcome } from '../../../../server/src/sources/rtsp/recording/clip-handover.js';
import type { ClipPlan } from '../../../../server/src/sources/rtsp/recording/clip-planner.js';
import type { Segment } from '../../../../server/src/sources/rtsp/segment.js';
import { LogCapture } from '../../../support/log-capture.js';
import { fixture } from '../../../support/paths.js';
import { makeTempDir } from '../../../support/temp-dir.js';
import { CollectingIntake } from './rtsp-harness.js';

/** Stream-copied MPEG-TS segments of the fixture, as the recorder writes them, with made-up wall-clock times. */
function makeSegments(dir: string): Segment[] {
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-i', fixture('pedestrians.mp4'), '-t', '6', '-c', 'copy', '-f', 'segment', '-segment_time', '2'],
    ...['-reset_timestamps', '1', '-segment_format', 'mpegts', join(dir, 'seg-%03d.ts')],
  ]);
  const start = Date.parse('2026-12-07T10:00:00Z');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name, i) => ({ path: join(dir, name), startedAt: start + i * 2000, endedAt: start + (i + 1) * 2000 }));
}

function plan(segment: Segment, eventId: string): ClipPlan {
  return {
    segments: [segment],
    startedAt: segment.startedAt,
    endedAt: segment.endedAt,
    reason: 'motion_ended',
    firstMotionAt: null,
    eventId,
  };
}

describe('ClipHandover after a hand-over that throws', () => {
  const dirs: { remove: () => void }[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) dir.remove();
  });

  it('hands over the next clip, and offers the failed one again once a hand-over works', async () => {
    // Given a camera's hand-over whose intake cannot move clips into its media folder (the folder vanished: it throws)
    const dir = makeTempDir();
    dirs.push(dir);
    const [buffer, clipDir, mediaDir] = ['segments', 'clips', 'media'].map((name) => join(dir.path, name)) as [string, string, string];
    for (const folder of [buffer, clipDir]) mkdirSync(folder);
    const [first, second] = makeSegments(buffer);
    const intake = new CollectingIntake(mediaDir);
    rmSync(mediaDir, { recursive: true, force: true });
    const logs = new LogCapture();
    const outcomes: HandoverOutcome[] = [];
    const handover = new ClipHandover({
      camera: 'yard',
      clipDir,
      intake,
      tools: ffmpegToolsFromEnv(),
      log: createLogger('debug', logs),
      onAssembled: () => undefined,
      onOutcome: (o) => outcomes.push(o),
    });

    // When the first clip is handed over while the folder is gone
    handover.enqueue(plan(first!, 'event-1'));
    await handover.drain();

    // Then the failure is logged and counted, and the assembled clip waits in the clips folder
    expect(logs.records('rtsp.clip_handover_crashed')).toHaveLength(1);
    expect(handover.queue.failures).toBe(1);
    expect(readdirSync(clipDir).filter((n) => n.endsWith('.mp4'))).toHaveLength(1);

    // When the folder is back and the next clip is handed over
    mkdirSync(mediaDir);
    handover.enqueue(plan(second!, 'event-2'));
    await handover.drain();

    // Then the next clip reached intake (a poisoned chain skipped it until restart), and the failed one after it
    expect(intake.clips.map((c) => c.incoming.eventId ?? 'leftover')).toEqual(['event-2', 'leftover']);
    expect(intake.clips.every((c) => (c.info.video?.width ?? 0) > 0)).toBe(true);
    expect(readdirSync(clipDir)).toEqual([]);
    expect(outcomes.filter((o) => o.result.ok)).toHaveLength(2);
  });
});
