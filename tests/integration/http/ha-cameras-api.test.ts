import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HomesecApp, type HomesecService } from '../../../server/src/app.js';
import { loadConfig } from '../../../server/src/config/load-config.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { LogCapture } from '../../support/log-capture.js';
import { startFakeSupervisor, type FakeSupervisor } from '../../support/servers/fake-supervisor-server.js';
import { startHomesec, type StartedHomesec } from '../../support/start-homesec.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { readAddonConfig } from '../../unit/addon/addon-files.js';
import { SupervisorEnv } from '../../support/supervisor-env.js';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);

/** Core's `/api/states` as HA answers it: cameras among other entities. */
const CORE_STATES = [
  { entity_id: 'camera.porch', state: 'idle', attributes: { friendly_name: 'Porch' } },
  { entity_id: 'camera.garage', state: 'streaming', attributes: { friendly_name: 'Garage' } },
  { entity_id: 'light.kitchen', state: 'on', attributes: { friendly_name: 'Kitchen' } },
];

const json = (url: string, init: RequestInit = {}) =>
  fetch(url, { ...init, headers: { 'Content-Type': 'application/json', ...(init.headers ?? {}) } });

describe('adding a Home Assistant camera from the dashboard', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  const supervisorEnv = new SupervisorEnv();

  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    supervisorEnv.restore();
  });

  async function supervisorWithCore(): Promise<FakeSupervisor> {
    const supervisor = await startFakeSupervisor('addon-token-ha-cameras');
    cleanups.push(() => supervisor.close());
    supervisor.reply('GET', '/core/api/states', { kind: 'raw', status: 200, body: JSON.stringify(CORE_STATES) });
    supervisor.reply('GET', '/core/api/camera_proxy/camera.porch', { kind: 'bytes', contentType: 'image/jpeg', body: JPEG });
    supervisorEnv.useSupervisor(supervisor);
    return supervisor;
  }

  it('in the add-on: lists HA cameras with their picture, posts the new options, restarts, and the camera is there after the restart', async () => {
    // Given the add-on's Supervisor (Core behind its proxy) holding options with one folder camera
    const supervisor = await supervisorWithCore();
    const tmp = makeTempDir('homesec-ha-cameras-');
    cleanups.push(() => tmp.remove());
    const defaults = readAddonConfig().options;
    const addonOptions = {
      ...defaults,
      cameras: [{ name: 'front_door', source: 'folder', path: join(tmp.path, 'inbox') }],
      detector: { ...(defaults.detector as object), enabled: false },
    };
    supervisor.reply('GET', '/addons/self/options/config', { kind: 'ok', data: addonOptions });
    supervisor.reply('POST', '/addons/self/options', { kind: 'ok', data: {} });
    supervisor.reply('POST', '/addons/self/restart', { kind: 'ok', data: {} });
    const running: StartedHomesec = await startHomesec({}, { dir: join(tmp.path, 'first') });
    let firstStopped = false;
    cleanups.push(() => (firstStopped ? undefined : running.stop()));

    // When the dashboard lists Home Assistant's cameras and shows one's picture
    const listed = await fetch(`${running.url}/api/ha/cameras`);
    const picture = await fetch(`${running.url}/api/ha/cameras/camera.porch/snapshot.jpg`);

    // Then it has the two cameras (not the light), none yet HomeSec's, and the picture is Core's JPEG
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({
      cameras: [
        { entityId: 'camera.garage', name: 'Garage', homesecCamera: null },
        { entityId: 'camera.porch', name: 'Porch', homesecCamera: null },
      ],
      canAdd: true,
    });
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toMatch(/^image\/jpeg/);
    expect(Buffer.from(await picture.arrayBuffer())).toEqual(JPEG);
    // and Core was asked with the add-on's token, which never reached the browser
    const proxied = supervisor.requests.filter((r) => r.path.startsWith('/core/api/'));
    expect(proxied.map((r) => r.authorization)).toEqual([`Bearer ${supervisor.token}`, `Bearer ${supervisor.token}`]);

    // When another site's page posts an add, or the body is not a camera entity and a slug
    const forged = await json(`${running.url}/api/ha/cameras`, {
      method: 'POST',
      headers: { Origin: 'http://evil.example' },
      body: JSON.stringify({ entityId: 'camera.porch', name: 'porch' }),
    });
    const invalid = await json(`${running.url}/api/ha/cameras`, {
      method: 'POST',
      body: JSON.stringify({ entityId: 'light.kitchen', name: 'Porch Cam' }),
    });
    // Then they are refused (403, 400) and nothing reached the Supervisor's options
    expect([forged.status, invalid.status]).toEqual([403, 400]);
    expect(supervisor.requests.filter((r) => r.path.startsWith('/addons/self/'))).toEqual([]);

    // When the user adds camera.porch as "porch"
    const added = await json(`${running.url}/api/ha/cameras`, {
      method: 'POST',
      body: JSON.stringify({ entityId: 'camera.porch', name: 'porch' }),
    });

    // Then the answer is 202 (restarting), the Supervisor got the options with the camera appended, then the restart
    expect(added.status).toBe(202);
    expect(await added.json()).toMatchObject({ camera: 'porch', restart: 'restarting' });
    await vi.waitFor(() => expect(supervisor.requests.some((r) => r.method === 'POST' && r.path === '/addons/self/restart')).toBe(true));
    const writes = supervisor.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/addons/self/'));
    expect(writes.map((r) => r.path)).toEqual(['/addons/self/options', '/addons/self/restart']);
    const posted = JSON.parse(writes[0]?.body ?? '{}') as { options: Record<string, unknown> };
    expect(posted).toEqual({
      options: {
        ...addonOptions,
        cameras: [...addonOptions.cameras, { name: 'porch', source: 'home_assistant', entity_id: 'camera.porch' }],
      },
    });
    // and the listing says it is HomeSec's now; adding it again, or another under the same name, is refused
    const relisted = (await (await fetch(`${running.url}/api/ha/cameras`)).json()) as { cameras: { homesecCamera: string | null }[] };
    expect(relisted.cameras.map((c) => c.homesecCamera)).toEqual([null, 'porch']);
    const again = await json(`${running.url}/api/ha/cameras`, {
      method: 'POST',
      body: JSON.stringify({ entityId: 'camera.porch', name: 'porch2' }),
    });
    const sameName = await json(`${running.url}/api/ha/cameras`, {
      method: 'POST',
      body: JSON.stringify({ entityId: 'camera.garage', name: 'front_door' }),
    });
    expect([again.status, sameName.status]).toEqual([409, 409]);
    await running.stop();
    firstStopped = true;

    // When the add-on starts again on what the Supervisor then writes to /data/options.json
    const data = join(tmp.path, 'data');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'options.json'), JSON.stringify(posted.options));
    const loaded = loadConfig({
      configPath: undefined,
      env: {
        HOMESEC_OPTIONS_PATH: join(data, 'options.json'),
        HOMESEC_DATA_DIR: data,
        HOMESEC_MEDIA_DIR: join(tmp.path, 'media'),
        HOMESEC_HTTP__PORT: '0',
        HOMESEC_HTTP__HOST: '127.0.0.1',
      },
    });
    if (!loaded.ok) throw new Error(loaded.error.problems.join('\n'));
    const app = HomesecApp.service({ config: loaded.value.config, log: createLogger('debug', new LogCapture()) });
    cleanups.push(() => app.stop());
    const restarted: HomesecService = await app.start(new AbortController().signal);

    // Then HomeSec has the camera, a Home Assistant camera of camera.porch
    expect(loaded.value.origin.kind).toBe('addon');
    expect(restarted.config.cameras.find((c) => c.name === 'porch')).toMatchObject({ source: 'home_assistant', entityId: 'camera.porch' });
    expect(restarted.cameras.get('porch')).toMatchObject({ name: 'porch', source: 'home_assistant' });
  });

  it('standalone: writes the camera into the homesec.yaml it was started with, keeping its comments, and says a restart is needed', async () => {
    // Given HomeSec started with a commented homesec.yaml and home_assistant.url at a stand-in Core
    supervisorEnv.clear();
    const core = await startFakeSupervisor('long-lived-token');
    cleanups.push(() => core.close());
    core.reply('GET', '/api/states', { kind: 'raw', status: 200, body: JSON.stringify(CORE_STATES) });
    const tmp = makeTempDir('homesec-ha-cameras-yaml-');
    cleanups.push(() => tmp.remove());
    const file = join(tmp.path, 'homesec.yaml');
    const original = [
      '# My HomeSec',
      `data_dir: ${join(tmp.path, 'data')}`,
      'http:',
      '  host: 127.0.0.1',
      '  port: 0 # any free port',
      'home_assistant:',
      `  url: ${core.url}`,
      '  token: long-lived-token',
      'cameras:',
      '  # the door camera uploads clips',
      `  - name: front_door`,
      '    source: folder',
      `    path: ${join(tmp.path, 'inbox')} # its inbox`,
      'detector:',
      '  enabled: false',
      '',
    ].join('\n');
    writeFileSync(file, original);
    const first = loadConfig({ configPath: file, env: {} });
    if (!first.ok) throw new Error(first.error.problems.join('\n'));
    const logs = new LogCapture();
    const app = HomesecApp.service({ config: first.value.config, log: createLogger('debug', logs), configFile: file });
    cleanups.push(() => app.stop());
    const running = await app.start(new AbortController().signal);
    const url = `http://127.0.0.1:${running.http.port()}`;

    // When the dashboard lists Home Assistant's cameras and adds camera.garage as "garage"
    const listed = (await (await fetch(`${url}/api/ha/cameras`)).json()) as { cameras: unknown[]; canAdd: boolean };
    const added = await json(`${url}/api/ha/cameras`, {
      method: 'POST',
      body: JSON.stringify({ entityId: 'camera.garage', name: 'garage' }),
    });

    // Then Core was asked with the long-lived token, the answer says to restart, and the file has the camera after the others
    expect(listed).toMatchObject({ canAdd: true, cameras: [{ entityId: 'camera.garage' }, { entityId: 'camera.porch' }] });
    expect(core.requests.find((r) => r.path === '/api/states')?.authorization).toBe('Bearer long-lived-token');
    expect(added.status).toBe(202);
    expect(await added.json()).toMatchObject({ camera: 'garage', restart: 'needed' });
    const written = readFileSync(file, 'utf8');
    expect(written).toBe(
      original.replace('detector:', '  - name: garage\n    source: home_assistant\n    entity_id: camera.garage\ndetector:'),
    );
    // and the token is in no log line
    expect(logs.text()).not.toContain('long-lived-token');
    // and loading the file again gives the camera
    const reloaded = loadConfig({ configPath: file, env: {} });
    if (!reloaded.ok) throw new Error(reloaded.error.problems.join('\n'));
    expect(reloaded.value.config.cameras.map((c) => c.name)).toEqual(['front_door', 'garage']);
    expect(reloaded.value.config.cameras[1]).toMatchObject({ source: 'home_assistant', entityId: 'camera.garage' });
  });

  it('answers 503 with the reason when no Home Assistant is reachable', async () => {
    // Given HomeSec outside the add-on without home_assistant.url
    supervisorEnv.clear();
    const running = await startHomesec();
    cleanups.push(() => running.close());

    // When the dashboard asks for Home Assistant's cameras and a picture
    const listed = await fetch(`${running.url}/api/ha/cameras`);
    const picture = await fetch(`${running.url}/api/ha/cameras/camera.porch/snapshot.jpg`);

    // Then both are 503 and say why
    expect([listed.status, picture.status]).toEqual([503, 503]);
    expect(await listed.json()).toEqual({ error: 'ha_unavailable', message: expect.stringMatching(/home_assistant\.url/) });
  });
});
