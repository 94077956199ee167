import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, openSync, readFileSync, writeFileSync, writeSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clip } from '../../../server/src/core/clip.js';
import { reportFault } from '../../support/fault-figures.js';
import { fixture } from '../../support/paths.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';

const GIB = 1024 ** 3;

/** Files a broken camera or a full card could hand over. */
function badFiles(dir: string): Record<string, string> {
  const zero = join(dir, 'zero.mp4');
  writeFileSync(zero, '');
  const corrupt = join(dir, 'corrupt.mp4');
  writeFileSync(corrupt, randomBytes(256 * 1024));
  const truncated = join(dir, 'truncated.mp4');
  const whole = readFileSync(fixture('pedestrians.mp4'));
  writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.3)));
  // 4 GiB that takes no disk: a real header, then a hole (a card that lost its index).
  const huge = join(dir, 'huge.mp4');
  const fd = openSync(huge, 'w');
  writeSync(fd, whole.subarray(0, 64 * 1024));
  ftruncateSync(fd, 4 * GIB);
  closeSync(fd);
  const good = join(dir, 'good.mp4');
  copyFileSync(fixture('empty_scene.mp4'), good);
  return { zero, corrupt, truncated, huge, good };
}

describe('corrupt, truncated, zero-byte and huge files', () => {
  let running: StartedHomesec | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
  });

  it('each ends as a clip (the unusable ones failed with a reason, kept as evidence), nothing crashes, and a good clip after them is done', async () => {
    // Given HomeSec with detection on
    running = await startHomesec({ detector: { enabled: true, model: 'yolox_nano', sample_fps: 1 } });
    const app = running.app;
    const files = badFiles(running.dir);
    // When each bad file and then a good one is handed to intake, as a source does
    const outcomes: Record<string, Clip> = {};
    for (const [name, path] of Object.entries(files)) {
      const finished = waitForClip(app, (c) => c.originalName === `${name}.mp4` && (c.status === 'done' || c.status === 'failed'), 60_000);
      const now = new Date();
      await app.pipeline.intake.accept({
        camera: 'front_door',
        path,
        source: 'folder',
        originalName: `${name}.mp4`,
        startedAt: now,
        endedAt: now,
        consume: true,
      });
      outcomes[name] = await finished;
    }
    // Then the bad ones are failed clips with a reason, the good one is done, and the service is not unhealthy
    for (const name of ['zero', 'corrupt']) {
      expect(outcomes[name]?.status, name).toBe('failed');
      expect(outcomes[name]?.error, name).toBeTruthy();
    }
    // (a truncated clip keeps its good frames; a 4 GiB file with a real header and a hole is probed from its head)
    expect(['failed', 'done']).toContain(outcomes.truncated?.status);
    expect(['failed', 'done']).toContain(outcomes.huge?.status);
    expect(outcomes.good?.status).toBe('done');
    expect(app.health.report().status).not.toBe('unhealthy');
    reportFault(
      'bad files',
      {
        zero_byte: `${outcomes.zero?.status} (${outcomes.zero?.error})`,
        corrupt: outcomes.corrupt?.status ?? '?',
        truncated: outcomes.truncated?.status ?? '?',
        huge_4gib: outcomes.huge?.status ?? '?',
        good_after: outcomes.good?.status ?? '?',
      },
      'each handed to intake as a source does',
    );
  });
});
