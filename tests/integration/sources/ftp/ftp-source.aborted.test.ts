import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture } from '../../../support/paths.js';
import { logEvents, makeFtpHarness, nextEvent, PASSWORD, type FtpHarness } from './ftp-harness.js';
import { RawFtpClient } from './raw-ftp-client.js';

describe('FtpSource: half-finished uploads never become clips', () => {
  let h: FtpHarness;
  let raw: RawFtpClient | null = null;
  afterEach(async () => {
    raw?.close();
    raw = null;
    await h.cleanup();
  });

  it('discards an upload whose data connection is reset mid-transfer, and keeps serving', async () => {
    // Given a camera that started uploading a clip
    h = makeFtpHarness();
    await h.source.start(new AbortController().signal);
    raw = await RawFtpClient.login(h.port(), 'front_door', PASSWORD);
    const data = await raw.startUpload('cut.mp4');
    const bytes = readFileSync(fixture('pedestrians.mp4'));

    // When half the file is sent and the connection is then reset (power cut, network drop)
    const aborted = nextEvent(h.source, 'upload');
    await new Promise<void>((resolve) => data.write(bytes.subarray(0, bytes.length / 2), () => resolve()));
    data.resetAndDestroy();
    const [{ outcome }] = await aborted;

    // Then the upload counts as aborted, the partial file is gone and intake never saw it
    expect(outcome).toMatchObject({ kind: 'failed', refused: false });
    expect(outcome.bytes).toBeGreaterThan(0);
    expect(readdirSync(join(h.stagingDir, 'front_door'))).toEqual([]);
    expect(h.intake.attempts).toHaveLength(0);
    expect(logEvents(h.logs, 'ftp.upload_aborted')[0]).toMatchObject({ camera: 'front_door', path: '/cut.mp4' });

    // And the same camera's next upload goes through
    const client = await h.login('front_door', PASSWORD);
    const handed = nextEvent(h.source, 'clipHandedOver');
    await client.uploadFrom(fixture('empty_scene.mp4'), 'next.mp4');
    expect((await handed)[0].result.ok).toBe(true);
  });

  it('cuts off an upload that stops sending and discards it', async () => {
    // Given an upload idle limit of 300 ms and a camera that sends part of a clip, then nothing
    h = makeFtpHarness({ timing: { uploadIdleTimeoutMs: 300 } });
    await h.source.start(new AbortController().signal);
    raw = await RawFtpClient.login(h.port(), 'front_door', PASSWORD);
    const data = await raw.startUpload('stalled.mp4');
    const stalled = nextEvent(h.source, 'upload');
    data.write(readFileSync(fixture('empty_scene.mp4')).subarray(0, 4096));

    // When the camera stays silent past the limit
    const [{ outcome }] = await stalled;

    // Then the server refuses the transfer with the reason and keeps nothing
    expect(outcome).toMatchObject({ kind: 'failed', refused: true, reason: 'upload stalled: no data for 0.3 s' });
    await raw.expect(/^550 upload stalled/m);
    expect(readdirSync(join(h.stagingDir, 'front_door'))).toEqual([]);
    expect(h.intake.attempts).toHaveLength(0);
  });

  it('cuts off an upload in progress when HomeSec stops, keeping nothing of it', async () => {
    // Given a camera in the middle of an upload
    h = makeFtpHarness();
    await h.source.start(new AbortController().signal);
    raw = await RawFtpClient.login(h.port(), 'front_door', PASSWORD);
    const data = await raw.startUpload('during-stop.mp4');
    await new Promise<void>((resolve) => data.write(readFileSync(fixture('empty_scene.mp4')).subarray(0, 4096), () => resolve()));

    // When the source stops
    const cut = nextEvent(h.source, 'upload');
    await h.source.stop();
    const [{ outcome }] = await cut;

    // Then the upload failed with the reason and its work file is gone
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'transfer aborted (HomeSec is stopping)' });
    expect(readdirSync(join(h.stagingDir, 'front_door'))).toEqual([]);
    expect(h.intake.attempts).toHaveLength(0);
  });
});
