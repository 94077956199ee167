import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture } from '../../../support/paths.js';
import { logEvents, makeFtpHarness, nextEvent, PASSWORD, type FtpHarness } from './ftp-harness.js';

describe('FtpSource: what is refused at the door', () => {
  let h: FtpHarness;
  afterEach(async () => {
    await h.cleanup();
  });

  it('refuses a wrong password and an unknown user, and never logs the password', async () => {
    // Given a running source
    h = makeFtpHarness();
    await h.source.start(new AbortController().signal);

    // When a client logs in with a wrong password, then as a user that does not exist
    await expect(h.login('front_door', 'guess-1234')).rejects.toThrow(/530/);
    await expect(h.login('nobody', PASSWORD)).rejects.toThrow(/530/);

    // Then both are logged as refusals with the reason, and no password reaches the log
    const refusals = logEvents(h.logs, 'ftp.refused');
    expect(refusals.map((r) => [r.username, r.reason])).toEqual([
      ['front_door', 'wrong password'],
      ['nobody', 'unknown user'],
    ]);
    expect(h.logs.join('\n')).not.toContain('guess-1234');
    expect(h.logs.join('\n')).not.toContain(PASSWORD);
  });

  it('refuses a camera that has no password configured, saying so in the log', async () => {
    // Given an FTP camera without a password
    h = makeFtpHarness({ cameras: [{ name: 'porch' }] });
    await h.source.start(new AbortController().signal);

    // When it tries to log in with anything
    await expect(h.login('porch', 'anything')).rejects.toThrow(/530/);

    // Then the log tells the user what to fix
    expect(logEvents(h.logs, 'ftp.refused')[0]?.reason).toBe('camera porch has no FTP password set (cameras[].password)');
  });

  it('refuses traversal and absolute paths with 550 and writes nothing outside the camera folder', async () => {
    // Given a logged-in camera inside a date folder
    h = makeFtpHarness();
    await h.source.start(new AbortController().signal);
    const client = await h.login('front_door', PASSWORD);
    await client.ensureDir('day');

    // When it uploads to ../x.mp4, ../../x.mp4, /etc/x.mp4 and ..\x.mp4, and tries to leave its root by CWD
    for (const target of ['../x.mp4', '../../x.mp4', '/etc/x.mp4', '..\\x.mp4']) {
      await expect(client.uploadFrom(fixture('empty_scene.mp4'), target), target).rejects.toThrow(/550/);
    }
    await client.cd('/');
    await expect(client.cd('..')).rejects.toThrow(/550 path leads outside your folder/);

    // Then nothing was written anywhere, nothing reached intake, and each refusal has a reason in the log
    expect(readdirSync(h.stagingDir)).toEqual(['front_door']);
    expect(readdirSync(join(h.stagingDir, 'front_door', 'day'))).toEqual([]);
    expect(existsSync(join(h.root, 'x.mp4'))).toBe(false);
    expect(h.intake.attempts).toHaveLength(0);
    const reasons = logEvents(h.logs, 'ftp.refused').map((r) => r.reason);
    expect(reasons).toContain('path traversal (..) is not allowed');
    expect(reasons).toContain('absolute paths are not allowed; upload relative to the current folder');
    expect(reasons).toContain('path leads outside your folder');
  });

  it('does not let a camera download files', async () => {
    // Given a camera that uploaded a snapshot under a temporary name (kept for a rename)
    h = makeFtpHarness();
    await h.source.start(new AbortController().signal);
    const client = await h.login('front_door', PASSWORD);
    await client.uploadFrom(Readable.from([Buffer.from('secret')]), 'note.tmp');

    // When it asks for the file back
    const download = client.downloadTo(join(h.root, 'copy.tmp'), 'note.tmp');

    // Then RETR is not offered
    await expect(download).rejects.toThrow(/502/);
  });

  it('cuts off an upload over the size limit, deletes it and keeps serving', async () => {
    // Given a 1 MB upload limit (the fixture clip is about 2.6 MB)
    h = makeFtpHarness({ ftp: { max_upload_mb: 1 } });
    await h.source.start(new AbortController().signal);
    const client = await h.login('front_door', PASSWORD);

    // When the camera uploads the larger clip
    const refused = nextEvent(h.source, 'upload');
    await expect(client.uploadFrom(fixture('pedestrians.mp4'), 'big.mp4')).rejects.toThrow(/550|ECONNRESET|EPIPE/);
    const [{ outcome }] = await refused;

    // Then the transfer is refused with the limit as reason, no partial file is left, nothing reached intake
    expect(outcome).toMatchObject({ kind: 'failed', refused: true, reason: 'upload larger than the 1 MB limit' });
    expect(readdirSync(join(h.stagingDir, 'front_door'))).toEqual([]);
    expect(h.intake.attempts).toHaveLength(0);
    expect(logEvents(h.logs, 'ftp.refused').at(-1)).toMatchObject({
      camera: 'front_door',
      path: '/big.mp4',
      reason: 'upload larger than the 1 MB limit',
    });

    // And a small clip from a new session still goes through
    const next = await h.login('front_door', PASSWORD);
    const handed = nextEvent(h.source, 'clipHandedOver');
    await next.uploadFrom(fixture('empty_scene.mp4'), 'small.mp4');
    expect((await handed)[0].result.ok).toBe(true);
    expect(readFileSync(h.intake.clips[0]?.storedPath ?? '').length).toBe(readFileSync(fixture('empty_scene.mp4')).length);
  });
});
