import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture } from '../../../support/paths.js';
import { logEvents, makeFtpHarness, nextEvent, PASSWORD, type FtpHarness } from './ftp-harness.js';

describe('FtpSource: a hand-over that throws does not stop the next ones', () => {
  let h: FtpHarness;
  afterEach(async () => {
    await h.cleanup();
  });

  it('hands over the next upload after a failed write, says so in health, and retries the failed one', async () => {
    // Given a running FTP source whose intake's media folder has vanished (its move into it throws ENOENT)
    h = makeFtpHarness({ timing: { handoverRetryMs: 200 } });
    await h.source.start(new AbortController().signal);
    const client = await h.login('front_door', PASSWORD);
    const mediaDir = join(h.root, 'media');
    rmSync(mediaDir, { recursive: true, force: true });

    // When the camera uploads a clip
    await client.uploadFrom(fixture('pedestrians.mp4'), 'first.mp4');

    // Then the failed hand-over is logged with the fs error and health says so
    await expect.poll(() => logEvents(h.logs, 'ftp.handover_crashed').length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(JSON.stringify(logEvents(h.logs, 'ftp.handover_crashed')[0])).toContain('ENOENT');
    expect(h.source.health()).toMatchObject({ status: 'degraded', message: expect.stringContaining('hand-over of first.mp4') as string });
    // And the file stays in staging for a retry
    expect(existsSync(join(h.stagingDir, 'front_door', 'first.mp4'))).toBe(true);

    // When the folder is back and the camera uploads the next clip
    mkdirSync(mediaDir, { recursive: true });
    const second = nextEvent(h.source, 'clipHandedOver', (o) => o.result.ok && o.upload.originalName === 'second.mp4');
    await client.uploadFrom(fixture('empty_scene.mp4'), 'second.mp4');

    // Then the next clip still reaches intake (a poisoned chain skipped it until restart)
    const [taken] = await second;
    expect(taken.result.ok).toBe(true);
    // And the failed one is offered again and taken too
    await expect
      .poll(() => h.intake.clips.map((c) => c.incoming.originalName).sort(), { timeout: 15_000 })
      .toEqual(['first.mp4', 'second.mp4']);
    // And health is back to healthy, still counting the failure
    expect(h.source.health()).toMatchObject({ status: 'healthy', message: expect.stringMatching(/^hand-over: \d+ failed/) as string });
  });
});
