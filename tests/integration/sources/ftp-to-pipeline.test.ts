import { Client } from 'basic-ftp';
import { FtpSource } from '../../../server/src/sources/ftp/ftp-source.js';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture } from '../../support/paths.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';

describe('an FTP camera, through the whole app', () => {
  let running: StartedHomesec | null = null;
  let client: Client | null = null;
  afterEach(async () => {
    client?.close();
    await running?.close();
    running = null;
  });

  it('uploads a clip with a real FTP client and it becomes a done clip of that camera', async () => {
    // Given HomeSec with an FTP camera and its built-in FTP server on a free port
    running = await startHomesec({
      cameras: [{ name: 'garage', source: 'ftp', password: 'cam-pass' }],
      ftp: { host: '127.0.0.1', port: 0, passive_port_min: 0, passive_port_max: 0, passive_url: '127.0.0.1' },
    });
    const port = running.app.sources.find((s): s is FtpSource => s instanceof FtpSource)?.port();
    expect(port).toBeGreaterThan(0);
    const done = waitForClip(running.app, (c) => c.status === 'done' && c.camera === 'garage', 20_000);
    // When the camera logs in and uploads into a date folder
    client = new Client(10_000);
    await client.access({ host: '127.0.0.1', port: port ?? 0, user: 'garage', password: 'cam-pass' });
    await client.ensureDir('2026-11-21');
    await client.uploadFrom(fixture('pedestrians.mp4'), 'record 10-00-00.mp4');
    // Then it is stored and processed as a clip of that camera, with its FTP source recorded
    const clip = await done;
    expect(clip.source).toBe('ftp');
    expect(clip.originalName).toContain('record 10-00-00.mp4');
    expect(clip.durationS).toBeCloseTo(13.6, 0);
  });
});
