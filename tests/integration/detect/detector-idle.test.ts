import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LiveFindings, LiveFrame } from '../../../server/src/core/object-detector.js';
import { fixture, shippedModel } from '../../support/paths.js';
import { makeDetector, recordingLogger, tempDir } from './detect-harness.js';

const model = shippedModel('yolox_nano.onnx');
const resting = /out of memory while idle/;

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the detector between events', () => {
  const dir = tempDir('idle');
  afterAll(() => dir.remove());

  it('releases the model after idle_unload_s and loads it again for the next clip', async () => {
    // Given a detector that rests after 1 s without work
    const { log, records } = recordingLogger();
    const detector = makeDetector({ model, idleUnloadS: 1 }, dir.path, { log });
    await detector.start(new AbortController().signal);
    expect(detector.health().message).toMatch(/^model yolox_nano/);

    // When a second passes with nothing to detect
    await until(() => resting.test(detector.health().message), 5000);
    // Then the model left memory, said once in the log, and health stays healthy
    expect(detector.health().status).toBe('healthy');
    expect(records.filter((r) => r.event_type === 'detector.resting')).toHaveLength(1);

    // When a clip comes
    const result = await detector.detectClip(fixture('pedestrians.mp4'), { snapshotPath: join(dir.path, 'a.jpg') });
    // Then it is detected as ever (the model loaded again), and rests again afterwards
    expect(result.ok && result.value.triggered).toBe(true);
    expect(records.filter((r) => r.event_type === 'detector.ready')).toHaveLength(2);
    await until(() => resting.test(detector.health().message), 5000);
    await detector.stop();
  });

  it('watches a live feed from rest: decoding starts while the model loads, and it stays loaded while watched', async () => {
    // Given a resting detector
    const detector = makeDetector({ model, idleUnloadS: 1 }, dir.path);
    await detector.start(new AbortController().signal);
    await until(() => resting.test(detector.health().message), 5000);

    // When a camera's relayed stream (MPEG-TS of pedestrians.mp4) is watched for longer than the idle time
    const relay = spawn('ffmpeg', [
      '-nostdin',
      '-v',
      'error',
      '-re',
      '-i',
      fixture('pedestrians.mp4'),
      '-c',
      'copy',
      '-f',
      'mpegts',
      'pipe:1',
    ]);
    const abort = new AbortController();
    const live = await detector.detectLive(relay.stdout, { fps: 2, signal: abort.signal, triggerLabels: ['person'], confirmFrames: 2 });
    if (!live.ok) throw new Error(live.error.reason);
    const frames: LiveFrame[] = [];
    const findings: LiveFindings[] = [];
    let restedWhileWatching = false;
    for await (const observed of live.value) {
      frames.push(observed.frame);
      findings.push(observed.findings);
      restedWhileWatching ||= resting.test(detector.health().message);
      if (frames.length >= 6) break;
    }
    relay.kill();
    abort.abort();

    // Then people were seen, the model never left while watched (3 s at 2 fps), and it rests once the feed is gone
    expect(frames.some((f) => f.detections.some((d) => d.label === 'person'))).toBe(true);
    // And the detector's own rule confirmed the person over two frames, with the real best score and frame count
    const firstPerson = frames.findIndex((f) => f.detections.some((d) => d.label === 'person'));
    expect(findings[firstPerson]?.confirmed).toBe(false);
    const last = findings.at(-1);
    expect(last?.confirmed).toBe(true);
    expect(last?.framesSampled).toBe(frames.length);
    const bestPerson = Math.max(...frames.flatMap((f) => f.detections.filter((d) => d.label === 'person').map((d) => d.score)));
    expect(last?.labels.find((l) => l.label === 'person')?.bestScore).toBeCloseTo(bestPerson, 6);
    expect(restedWhileWatching).toBe(false);
    await until(() => resting.test(detector.health().message), 5000);
    await detector.stop();
  });
});
