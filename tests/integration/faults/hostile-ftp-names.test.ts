import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Client } from 'basic-ftp';
import { afterEach, describe, expect, it } from 'vitest';
import { FtpSource } from '../../../server/src/sources/ftp/ftp-source.js';
import { reportFault } from '../../support/fault-figures.js';
import { fixture } from '../../support/paths.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';

/** Names a hostile or broken camera might upload to: climbing out, absolute, encoded, control characters, too long. */
const HOSTILE_NAMES = [
  '../evil-1.mp4',
  '../../../../../tmp/evil-2.mp4',
  '/etc/evil-3.mp4',
  '..\\..\\evil-4.mp4',
  'day/../../evil-5.mp4',
  '....//....//evil-6.mp4',
  '..%2F..%2Fevil-7.mp4',
  `${'x'.repeat(300)}.mp4`,
  'evil\u202Egnp.mp4',
  'evil\u0007bell.mp4',
];

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => statSync(join(dir, p)).isFile());
}

describe('an FTP camera sending hostile file names', () => {
  let running: StartedHomesec | null = null;
  let client: Client | null = null;
  afterEach(async () => {
    client?.close();
    await running?.close();
    running = null;
  });

  it('writes nothing outside its folder, keeps serving, and still takes a good upload', async () => {
    // Given HomeSec with an FTP camera
    running = await startHomesec({
      cameras: [{ name: 'garage', source: 'ftp', password: 'cam-pass' }],
      ftp: { host: '127.0.0.1', port: 0, passive_port_min: 0, passive_port_max: 0, passive_url: '127.0.0.1' },
    });
    const port = running.app.sources.find((s): s is FtpSource => s instanceof FtpSource)?.port() ?? 0;
    const before = new Set(filesUnder(running.dir));
    // A refused STOR may leave the client's data socket reset (the server stops reading mid-upload), and
    // basic-ftp then closes the whole client: the camera logs in again, as real cameras do.
    const session = async (): Promise<Client> => {
      if (client && !client.closed) return client;
      client = new Client(10_000);
      await client.access({ host: '127.0.0.1', port, user: 'garage', password: 'cam-pass' });
      await client.ensureDir('day');
      return client;
    };
    await session();
    // When it uploads to every hostile name
    let refused = 0;
    for (const name of HOSTILE_NAMES) {
      try {
        await (await session()).uploadFrom(fixture('empty_scene.mp4'), name);
      } catch {
        refused++;
      }
    }
    // And then a good clip
    const done = waitForClip(running.app, (c) => c.status === 'done' && c.originalName.endsWith('good.mp4'), 20_000);
    // (the reset of a refused upload may land while this one starts: one retry on a fresh login)
    await (await session()).uploadFrom(fixture('empty_scene.mp4'), 'good.mp4').catch(async (e: unknown) => {
      if (!client?.closed) throw e;
      await (await session()).uploadFrom(fixture('empty_scene.mp4'), 'good.mp4');
    });
    await done;
    // Then no file appeared outside the camera's own upload and media folders, and the good clip became a clip
    const media = relative(running.dir, running.config.mediaDir);
    const strays = filesUnder(running.dir)
      .filter((path) => !before.has(path))
      .filter((path) => !path.startsWith(`${media}/garage/`) && !path.startsWith('data/') && !path.includes('/ftp/'));
    expect(strays).toEqual([]);
    const outsideTmp = readdirSync('/tmp').filter((name) => name.startsWith('evil'));
    expect(outsideTmp).toEqual([]);
    const accepted = HOSTILE_NAMES.length - refused;
    reportFault('FTP hostile names', {
      names: HOSTILE_NAMES.length,
      refused,
      accepted_inside_folder: accepted,
      files_outside: strays.length,
    });
  });
});
