import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HomesecApp } from '../../../server/src/app.js';
import { loadConfig } from '../../../server/src/config/load-config.js';
import type { CameraListResponse } from '../../../server/src/http/contract.js';
import type { CameraSetupInfo, SaveCameraResponse } from '../../../server/src/http/camera-setup-contract.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { LogCapture } from '../../support/log-capture.js';
import { freePort, startRtspCameraServer } from '../../support/rtsp-camera-server.js';
import { startFakeSupervisor } from '../../support/servers/fake-supervisor-server.js';
import { startHomesec } from '../../support/start-homesec.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { readAddonConfig } from '../../unit/addon/addon-files.js';
import { SupervisorEnv } from '../../support/supervisor-env.js';

const PASSWORD = 'p@ss:w/rd!42';
const ENCODED = encodeURIComponent(PASSWORD);
const FTP_PASSWORD = 'ftp-Secret-9911';

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** The add-camera wizard's save (issue #24 point 1): into homesec.yaml keeping its comments, or the add-on's options then a restart. */
describe('saving a camera from the add-camera wizard', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  const supervisorEnv = new SupervisorEnv();

  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    supervisorEnv.restore();
  });

  it('standalone: writes RTSP, FTP and folder cameras into the commented homesec.yaml, refuses a taken name, and the RTSP camera comes up after a restart', async () => {
    // Given a camera with a login, and HomeSec started with a commented homesec.yaml
    supervisorEnv.clear();
    const camera = await startRtspCameraServer({
      scene: 'motion',
      mounts: { '/h264Preview_01_main': 'main', '/h264Preview_01_sub': 'sub' },
      login: { username: 'admin', password: PASSWORD },
    });
    cleanups.push(() => camera.kill());
    const tmp = makeTempDir('homesec-camera-setup-yaml-');
    cleanups.push(() => tmp.remove());
    const ftpPort = await freePort();
    const file = join(tmp.path, 'homesec.yaml');
    const dataDir = join(tmp.path, 'data');
    const original = [
      '# My HomeSec',
      `data_dir: ${dataDir}`,
      'http:',
      '  host: 127.0.0.1',
      '  port: 0 # any free port',
      'ftp:',
      '  host: 127.0.0.1',
      `  port: ${ftpPort}`,
      'cameras:',
      '  # the door camera uploads clips',
      '  - name: front_door',
      '    source: folder',
      `    path: ${join(tmp.path, 'inbox')} # its inbox`,
      'detector:',
      '  enabled: false',
      '',
    ].join('\n');
    writeFileSync(file, original);
    const logs = new LogCapture();
    const url = await startFromFile(file, logs);

    // When the wizard asks where it saves, then saves the camera's main and sub stream as "driveway"
    const info = (await (await fetch(`${url}/api/camera-setup`)).json()) as CameraSetupInfo;
    const main = `rtsp://127.0.0.1:${camera.port}/h264Preview_01_main`;
    const sub = `rtsp://127.0.0.1:${camera.port}/h264Preview_01_sub`;
    const saved = await post(`${url}/api/camera-setup/cameras`, {
      source: 'rtsp',
      name: 'driveway',
      url: main,
      detectUrl: sub,
      username: 'admin',
      password: PASSWORD,
    });
    const savedText = await saved.text();

    // Then it saves to the file, the answer says to restart, and carries no password
    expect(info).toEqual({ saveTo: 'file', cameraNames: ['front_door'] });
    expect(saved.status).toBe(202);
    expect(JSON.parse(savedText)).toEqual({
      camera: 'driveway',
      restart: 'needed',
      message: `driveway is in ${file}; restart HomeSec to watch it`,
      delivery: null,
    } satisfies SaveCameraResponse);
    expect(savedText).not.toContain(PASSWORD);
    expect(savedText).not.toContain(ENCODED);

    // When the same name, or the name of a camera HomeSec has, is saved again
    const again = await post(`${url}/api/camera-setup/cameras`, { source: 'folder', name: 'driveway' });
    const taken = await post(`${url}/api/camera-setup/cameras`, { source: 'folder', name: 'front_door' });
    // Then both are refused with 409 and the names are listed as taken
    expect([again.status, taken.status]).toEqual([409, 409]);
    expect(await again.json()).toEqual({ error: 'name_taken', message: 'a camera named driveway exists already' });
    expect(((await (await fetch(`${url}/api/camera-setup`)).json()) as CameraSetupInfo).cameraNames).toEqual(['front_door', 'driveway']);

    // When an FTP camera and a folder camera are saved
    const ftp = await post(`${url}/api/camera-setup/cameras`, { source: 'ftp', name: 'garage', password: FTP_PASSWORD });
    const ftpText = await ftp.text();
    const folder = (await (
      await post(`${url}/api/camera-setup/cameras`, { source: 'folder', name: 'porch' })
    ).json()) as SaveCameraResponse;

    // Then each answer says where its clips go: HomeSec's FTP server (its address, port, the camera's user) and the folder watched
    expect(ftp.status).toBe(202);
    expect((JSON.parse(ftpText) as SaveCameraResponse).delivery).toEqual({
      kind: 'ftp',
      host: '127.0.0.1',
      port: ftpPort,
      username: 'garage',
      serverEnabled: true,
    });
    expect(ftpText).not.toContain(FTP_PASSWORD);
    expect(folder.delivery).toEqual({ kind: 'folder', path: join(dataDir, 'inbox', 'porch') });

    // and the file keeps its comments and layout, with the three cameras after the others
    const written = readFileSync(file, 'utf8');
    expect(written.startsWith(original.slice(0, original.indexOf('detector:')))).toBe(true);
    expect(written).toContain(`    path: ${join(tmp.path, 'inbox')} # its inbox\n`);
    // and it loads: the RTSP camera with its login back in both URLs, the folder camera where the answer said
    const reloaded = loadConfig({ configPath: file, env: {} });
    if (!reloaded.ok) throw new Error(reloaded.error.problems.join('\n'));
    const cameras = reloaded.value.config.cameras;
    expect(cameras.map((c) => c.name)).toEqual(['front_door', 'driveway', 'garage', 'porch']);
    expect(cameras[1]).toMatchObject({
      source: 'rtsp',
      url: `rtsp://admin:${ENCODED}@127.0.0.1:${camera.port}/h264Preview_01_main`,
      detectUrl: `rtsp://admin:${ENCODED}@127.0.0.1:${camera.port}/h264Preview_01_sub`,
    });
    expect(cameras[2]).toMatchObject({ source: 'ftp', password: FTP_PASSWORD });
    expect(cameras[3]).toMatchObject({ source: 'folder', path: join(dataDir, 'inbox', 'porch') });
    // and no password is in the log
    for (const secret of [PASSWORD, ENCODED, FTP_PASSWORD]) expect(logs.text()).not.toContain(secret);

    // When HomeSec starts again on the file
    await cleanups.splice(-1)[0]?.();
    const restartedLogs = new LogCapture();
    const restarted = await startFromFile(file, restartedLogs);

    // Then the saved camera comes up: its login opens both streams
    await vi.waitFor(
      async () => {
        const listed = (await (await fetch(`${restarted}/api/cameras`)).json()) as CameraListResponse;
        expect(listed.cameras.find((c) => c.name === 'driveway')).toMatchObject({ source: 'rtsp', online: true });
      },
      { timeout: 30_000, interval: 250 },
    );
    expect(restartedLogs.text()).not.toContain(PASSWORD);
  }, 90_000);

  it("in the add-on: posts the camera into the Supervisor's options, then restarts; FTP and folder cameras get the host's address and the add-on's inbox", async () => {
    // Given the add-on's Supervisor holding options without cameras, on a host at 192.168.1.5
    const supervisor = await startFakeSupervisor('addon-token-camera-setup');
    cleanups.push(() => supervisor.close());
    const defaults = readAddonConfig().options;
    const addonOptions = { ...defaults, cameras: [], detector: { ...(defaults.detector as object), enabled: false } };
    supervisor.reply('GET', '/addons/self/options/config', { kind: 'ok', data: addonOptions });
    supervisor.reply('POST', '/addons/self/options', { kind: 'ok', data: {} });
    supervisor.reply('POST', '/addons/self/restart', { kind: 'ok', data: {} });
    supervisor.reply('GET', '/network/info', {
      kind: 'ok',
      data: { interfaces: [{ interface: 'end0', enabled: true, connected: true, primary: true, ipv4: { address: ['192.168.1.5/24'] } }] },
    });
    supervisorEnv.useSupervisor(supervisor);
    const running = await startHomesec();
    cleanups.push(() => running.close());

    // When the wizard saves an RTSP camera
    const info = (await (await fetch(`${running.url}/api/camera-setup`)).json()) as CameraSetupInfo;
    const saved = await post(`${running.url}/api/camera-setup/cameras`, {
      source: 'rtsp',
      name: 'driveway',
      url: 'rtsp://192.168.1.20:554/Streaming/Channels/101',
      detectUrl: 'rtsp://192.168.1.20:554/Streaming/Channels/102',
      username: 'admin',
      password: PASSWORD,
    });
    const savedText = await saved.text();

    // Then the answer says the add-on restarts, and the Supervisor got the options with the camera, then the restart
    expect(info.saveTo).toBe('addon');
    expect(saved.status).toBe(202);
    expect(JSON.parse(savedText)).toMatchObject({ camera: 'driveway', restart: 'restarting', delivery: null });
    expect(savedText).not.toContain(PASSWORD);
    await vi.waitFor(() => expect(supervisor.requests.filter((r) => r.path === '/addons/self/restart')).toHaveLength(1));
    const writes = supervisor.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/addons/self/'));
    expect(writes.map((r) => r.path)).toEqual(['/addons/self/options', '/addons/self/restart']);
    const posted = JSON.parse(writes[0]?.body ?? '{}') as { options: Record<string, unknown> };
    expect(posted.options.cameras).toEqual([
      {
        name: 'driveway',
        source: 'rtsp',
        url: `rtsp://admin:${ENCODED}@192.168.1.20:554/Streaming/Channels/101`,
        detect_url: `rtsp://admin:${ENCODED}@192.168.1.20:554/Streaming/Channels/102`,
      },
    ]);
    // and the add-on starts on those options with the camera (the flat keys are the add-on's)
    expect(addonCamerasOf(posted.options)).toEqual([
      expect.objectContaining({ name: 'driveway', source: 'rtsp', url: `rtsp://admin:${ENCODED}@192.168.1.20:554/Streaming/Channels/101` }),
    ]);

    // When an FTP camera and a folder camera are saved
    const ftp = (await (
      await post(`${running.url}/api/camera-setup/cameras`, { source: 'ftp', name: 'garage', password: FTP_PASSWORD })
    ).json()) as SaveCameraResponse;
    const folder = (await (
      await post(`${running.url}/api/camera-setup/cameras`, { source: 'folder', name: 'porch' })
    ).json()) as SaveCameraResponse;

    // Then the FTP camera is told the host's LAN address from the Supervisor, the folder camera the add-on's inbox
    expect(ftp.delivery).toEqual({
      kind: 'ftp',
      host: '192.168.1.5',
      port: running.config.ftp.port,
      username: 'garage',
      serverEnabled: true,
    });
    expect(folder.delivery).toEqual({ kind: 'folder', path: '/share/homesec/porch' });
    const optionWrites = supervisor.requests.filter((r) => r.method === 'POST' && r.path === '/addons/self/options');
    const ftpOptions = (JSON.parse(optionWrites[1]?.body ?? '{}') as { options: Record<string, unknown> }).options;
    expect(ftpOptions.cameras).toEqual([{ name: 'garage', source: 'ftp', password: FTP_PASSWORD }]);
    expect(addonCamerasOf(ftpOptions)).toEqual([expect.objectContaining({ name: 'garage', source: 'ftp', password: FTP_PASSWORD })]);
    // and no password reached the log
    for (const secret of [PASSWORD, ENCODED, FTP_PASSWORD]) expect(running.logs.text()).not.toContain(secret);
  }, 60_000);

  it('without a config file or the add-on: says where to save is missing and how to get one', async () => {
    // Given HomeSec on its embedded defaults (no --config, no Supervisor)
    supervisorEnv.clear();
    const running = await startHomesec();
    cleanups.push(() => running.close());

    // When the wizard asks, then tries to save a folder camera
    const info = (await (await fetch(`${running.url}/api/camera-setup`)).json()) as CameraSetupInfo;
    const saved = await post(`${running.url}/api/camera-setup/cameras`, { source: 'folder', name: 'porch' });

    // Then it knows nowhere to save, and the save is refused with the way out
    expect(info.saveTo).toBeNull();
    expect(saved.status).toBe(409);
    expect(await saved.json()).toEqual({ error: 'no_config_file', message: expect.stringContaining('--config homesec.yaml') });
  });

  /** Starts HomeSec from a YAML file as `homesec run --config` does; the URL of its dashboard. */
  async function startFromFile(file: string, logs: LogCapture): Promise<string> {
    const loaded = loadConfig({ configPath: file, env: {} });
    if (!loaded.ok) throw new Error(loaded.error.problems.join('\n'));
    const app = HomesecApp.service({ config: loaded.value.config, log: createLogger('debug', logs), configFile: file });
    cleanups.push(() => app.stop());
    const running = await app.start(new AbortController().signal);
    return `http://127.0.0.1:${running.http.port()}`;
  }

  /** The cameras the add-on would start with on these options (the Supervisor writes them to /data/options.json). */
  function addonCamerasOf(options: Record<string, unknown>): unknown[] {
    const tmp = makeTempDir('homesec-camera-setup-addon-');
    cleanups.push(() => tmp.remove());
    mkdirSync(join(tmp.path, 'data'), { recursive: true });
    writeFileSync(join(tmp.path, 'data', 'options.json'), JSON.stringify(options));
    const loaded = loadConfig({
      configPath: undefined,
      env: { HOMESEC_OPTIONS_PATH: join(tmp.path, 'data', 'options.json'), HOMESEC_DATA_DIR: join(tmp.path, 'data') },
    });
    if (!loaded.ok) throw new Error(loaded.error.problems.join('\n'));
    expect(loaded.value.origin.kind).toBe('addon');
    return [...loaded.value.config.cameras];
  }
});
