import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { enterPassiveModeIPv4 } from 'basic-ftp';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture } from '../../../support/paths.js';
import { logEvents, makeFtpHarness, nextEvent, PASSWORD, type FtpHarness } from './ftp-harness.js';

describe('FtpSource: finished uploads become clips', () => {
  let h: FtpHarness;
  afterEach(async () => {
    await h.cleanup();
  });

  it('hands a clip uploaded into a date folder to intake, playable and with the camera name', async () => {
    // Given a running FTP source and a camera logged in with its own user
    h = makeFtpHarness();
    await h.source.start(new AbortController().signal);
    const client = await h.login('front_door', PASSWORD);
    const before = Date.now();

    // When the camera creates a date folder and uploads a clip into it
    await client.ensureDir('2026-11-21');
    const handed = nextEvent(h.source, 'clipHandedOver');
    await client.uploadFrom(fixture('pedestrians.mp4'), 'pedestrians.mp4');
    const [outcome] = await handed;

    // Then intake got the clip: right camera and source, the camera's own name, a readable video
    expect(outcome.result.ok).toBe(true);
    const [clip] = h.intake.clips;
    expect(clip?.incoming).toMatchObject({
      camera: 'front_door',
      source: 'ftp',
      originalName: '2026-11-21/pedestrians.mp4',
      consume: true,
    });
    expect(clip?.info.video?.width).toBeGreaterThan(0);
    expect(clip?.info.durationS).toBeGreaterThan(1);
    expect(statSync(clip?.storedPath ?? '').size).toBe(statSync(fixture('pedestrians.mp4')).size);
    // And the recording was finished when the upload began (intake subtracts the duration)
    expect(clip?.incoming.startedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(clip?.incoming.endedAt?.getTime()).toBe(clip?.incoming.startedAt.getTime());
    // And nothing is left in the camera's staging folder but the date folder
    expect(readdirSync(join(h.stagingDir, 'front_door', '2026-11-21'))).toEqual([]);
  });

  it('announces the FTP cameras online while listening', async () => {
    // Given two FTP cameras
    h = makeFtpHarness({
      cameras: [
        { name: 'front_door', password: PASSWORD },
        { name: 'garage', username: 'cam2', password: 'x' },
      ],
    });

    // When the source starts
    await h.source.start(new AbortController().signal);

    // Then both are announced online on the bus, with the port in the detail
    const online = h.statuses.filter((s) => s.online).map((s) => s.camera);
    expect(online).toEqual(['front_door', 'garage']);
    expect(h.statuses.at(-1)?.detail).toContain(String(h.port()));
  });

  it('takes names with spaces and unicode as they are', async () => {
    // Given a logged-in camera
    h = makeFtpHarness();
    await h.source.start(new AbortController().signal);
    const client = await h.login('front_door', PASSWORD);

    // When it uploads a clip whose name has spaces, accents and a symbol
    const name = 'Front Door ✓ Überwachung 01.MP4';
    const handed = nextEvent(h.source, 'clipHandedOver');
    await client.uploadFrom(fixture('pedestrians.mp4'), name);
    await handed;

    // Then the clip keeps that name (the upper-case extension counts as video)
    expect(h.intake.clips[0]?.incoming.originalName).toBe(name);
    expect(h.intake.clips[0]?.info.video).not.toBeNull();
  });

  it('works with plain PASV, announcing an address the client can reach', async () => {
    // Given a client that only speaks PASV (IPv4), as many cameras do
    h = makeFtpHarness();
    await h.source.start(new AbortController().signal);
    const client = await h.login('front_door', PASSWORD);
    client.prepareTransfer = enterPassiveModeIPv4;

    // When it uploads
    const handed = nextEvent(h.source, 'clipHandedOver');
    await client.uploadFrom(fixture('pedestrians.mp4'), 'pasv.mp4');

    // Then the clip arrives
    expect((await handed)[0].result.ok).toBe(true);
  });

  it('accepts a snapshot image but deletes it instead of making a clip', async () => {
    // Given a logged-in camera
    h = makeFtpHarness();
    await h.source.start(new AbortController().signal);
    const client = await h.login('front_door', PASSWORD);

    // When it uploads a JPEG
    const done = nextEvent(h.source, 'upload');
    await client.uploadFrom(fixture('pedestrians.jpg'), 'snapshot.jpg');
    await done;

    // Then the upload succeeded for the camera, no clip was made, the file is gone and the log says why
    await expect.poll(() => existsSync(join(h.stagingDir, 'front_door', 'snapshot.jpg'))).toBe(false);
    expect(h.intake.attempts).toHaveLength(0);
    expect(logEvents(h.logs, 'ftp.ignored')[0]).toMatchObject({ camera: 'front_door', file: 'snapshot.jpg' });
  });

  it('takes a clip uploaded under a temporary name once the camera renames it', async () => {
    // Given a camera that uploads to `x.mp4.tmp` and renames when done
    h = makeFtpHarness();
    await h.source.start(new AbortController().signal);
    const client = await h.login('front_door', PASSWORD);
    await client.uploadFrom(fixture('pedestrians.mp4'), 'clip.mp4.tmp');
    expect(h.intake.attempts).toHaveLength(0);

    // When it renames the file
    const handed = nextEvent(h.source, 'clipHandedOver');
    await client.rename('clip.mp4.tmp', 'clip.mp4');

    // Then the renamed file becomes the clip
    expect((await handed)[0].upload.originalName).toBe('clip.mp4');
  });

  it('refuses an empty file at the door', async () => {
    // Given a logged-in camera
    h = makeFtpHarness();
    await h.source.start(new AbortController().signal);
    const client = await h.login('front_door', PASSWORD);

    // When it uploads zero bytes
    const upload = client.uploadFrom(Readable.from([]), 'empty.mp4');

    // Then the transfer is refused with a reason, nothing is kept and nothing reaches intake
    await expect(upload).rejects.toThrow(/550 empty file/);
    expect(readdirSync(join(h.stagingDir, 'front_door'))).toEqual([]);
    expect(h.intake.attempts).toHaveLength(0);
    expect(logEvents(h.logs, 'ftp.refused')[0]).toMatchObject({ camera: 'front_door', reason: 'empty file (0 bytes) refused' });
  });

  it('does not let one camera overwrite a clip still waiting for intake: the second gets its own name', async () => {
    // Given an intake that cannot take clips right now
    h = makeFtpHarness({ timing: { handoverRetryMs: 60_000 } });
    h.intake.failNext = 2;
    await h.source.start(new AbortController().signal);
    const client = await h.login('front_door', PASSWORD);

    // When the camera uploads two files with the same name
    let failed = nextEvent(h.source, 'clipHandedOver');
    await client.uploadFrom(fixture('pedestrians.mp4'), 'same.mp4');
    await failed;
    failed = nextEvent(h.source, 'clipHandedOver');
    await client.uploadFrom(fixture('empty_scene.mp4'), 'same.mp4');
    await failed;

    // Then both files wait side by side, neither replaced
    expect(readdirSync(join(h.stagingDir, 'front_door')).sort()).toEqual(['same-1.mp4', 'same.mp4']);
    expect(statSync(join(h.stagingDir, 'front_door', 'same.mp4')).size).toBe(statSync(fixture('pedestrians.mp4')).size);
  });

  it('offers leftovers from a previous run at start and removes interrupted work files', async () => {
    // Given a finished clip and a half-written work file left in the staging folder by a crash
    h = makeFtpHarness();
    const dir = join(h.stagingDir, 'front_door', 'day');
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    copyFileSync(fixture('pedestrians.mp4'), join(dir, 'left.mp4'));
    writeFileSync(join(dir, '.abcd1234.half.mp4.homesec-uploading'), 'partial');

    // When the source starts
    const handed = nextEvent(h.source, 'clipHandedOver');
    await h.source.start(new AbortController().signal);

    // Then the finished clip is handed over and the work file is removed
    expect((await handed)[0].upload.originalName).toBe('day/left.mp4');
    expect(readdirSync(dir)).toEqual([]);
  });
});
