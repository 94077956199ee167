import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HomesecApp } from '../../../server/src/app.js';
import { loadConfig } from '../../../server/src/config/load-config.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { LogCapture } from '../../support/log-capture.js';
import { startFakeSupervisor } from '../../support/servers/fake-supervisor-server.js';
import { freePort } from '../../support/rtsp-camera-server.js';
import { startHomesec } from '../../support/start-homesec.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { readAddonConfig } from '../../unit/addon/addon-files.js';
import { SupervisorEnv } from '../../support/supervisor-env.js';

const put = (url: string, body: unknown) =>
  fetch(url, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe("a camera's zones and motion masks through GET/PUT /api/cameras/:name/regions", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  const supervisorEnv = new SupervisorEnv();

  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    supervisorEnv.restore();
  });

  it('standalone: reads them from the homesec.yaml it was started with, refuses bad input, and saves into the file with its comments', async () => {
    // Given HomeSec started with a commented homesec.yaml: an RTSP camera (nobody answers at its address) with a
    // mask and a zone that an alert override requires, a folder camera, and another zone
    supervisorEnv.clear();
    const tmp = makeTempDir('homesec-regions-api-');
    cleanups.push(() => tmp.remove());
    const file = join(tmp.path, 'homesec.yaml');
    const original = [
      '# My HomeSec',
      `data_dir: ${join(tmp.path, 'data')}`,
      'http:',
      '  host: 127.0.0.1',
      '  port: 0 # any free port',
      'cameras:',
      '  - name: front # the door',
      '    source: rtsp',
      `    url: rtsp://127.0.0.1:${await freePort()}/stream`,
      '    motion:',
      '      mask_polygons: ["0,0 0.3,0 0.3,0.1"] # the timestamp',
      '  - name: porch',
      '    source: folder',
      `    path: ${join(tmp.path, 'inbox')}`,
      'zones:',
      '  - { camera: porch, name: steps, points: "0,0,1,0,1,1" } # kept as written',
      '  - camera: front',
      '    name: driveway',
      '    points: 0.5,0.5,1,0.5,1,1',
      '    labels: [person]',
      'alerts:',
      '  overrides: [{ camera: front, require_zones: [driveway] }]',
      'detector:',
      '  enabled: false',
      '  labels: [person, car, dog]',
      '',
    ].join('\n');
    writeFileSync(file, original);
    const first = loadConfig({ configPath: file, env: {} });
    if (!first.ok) throw new Error(first.error.problems.join('\n'));
    const logs = new LogCapture();
    const app = HomesecApp.service({ config: first.value.config, log: createLogger('debug', logs), configFile: file });
    cleanups.push(() => app.stop());
    const running = await app.start(new AbortController().signal);
    const base = `http://127.0.0.1:${running.http.port()}/api/cameras`;

    // When the editor asks for the front camera's regions
    const got = await fetch(`${base}/front/regions`);
    // Then it gets them as the config writes polygons, the detector's labels, where a save goes, and no picture yet
    expect(got.status).toBe(200);
    expect(await got.json()).toStrictEqual({
      camera: 'front',
      maskPolygons: ['0,0,0.3,0,0.3,0.1'],
      zones: [{ name: 'driveway', points: '0.5,0.5,1,0.5,1,1', labels: ['person'] }],
      labels: ['person', 'car', 'dog'],
      saveTo: 'file',
      picture: false,
    });

    // When the input is wrong: an unknown camera, a flat polygon, a number over 1, two zones of one name, a mask on a
    // folder camera, or the zone the alert override requires left out
    const driveway = { name: 'driveway', points: '0.5,0.5,1,0.5,1,1', labels: [] };
    const unknown = await fetch(`${base}/garage/regions`);
    const unknownPut = await put(`${base}/garage/regions`, { maskPolygons: [], zones: [] });
    const flat = await put(`${base}/front/regions`, { maskPolygons: ['0,0,0.5,0.5,1,1'], zones: [driveway] });
    const over = await put(`${base}/front/regions`, { maskPolygons: [], zones: [{ ...driveway, points: '0,0,1.5,0,1,1' }] });
    const twice = await put(`${base}/front/regions`, { maskPolygons: [], zones: [driveway, driveway] });
    const folderMask = await put(`${base}/porch/regions`, { maskPolygons: ['0,0,1,0,1,1'], zones: [] });
    const required = await put(`${base}/front/regions`, { maskPolygons: [], zones: [] });
    // Then each is refused with the reason, and the file is as it was
    expect([unknown.status, unknownPut.status]).toEqual([404, 404]);
    const reasons = await Promise.all(
      [flat, over, twice, folderMask, required].map(async (r) => [r.status, ((await r.json()) as { message: string }).message]),
    );
    expect(reasons).toEqual([
      [400, 'maskPolygons.0: the points lie on one line and enclose nothing'],
      [400, 'zones.0.points: at least 3 points as x1,y1,x2,y2,... with numbers from 0 to 1'],
      [400, 'zones.1.name: duplicate zone "driveway"'],
      [400, expect.stringMatching(/^maskPolygons: porch has no motion detection/)],
      [400, expect.stringMatching(/^zones: alerts.overrides require driveway on front/)],
    ]);
    expect(readFileSync(file, 'utf8')).toBe(original);

    // When two masks and two zones are saved for the front camera
    const saved = await put(`${base}/front/regions`, {
      maskPolygons: ['0,0,0.3,0,0.3,0.1', '0.9,0.9,1,0.9,1,1'],
      zones: [
        { name: 'driveway', points: '0.4,0.5,1,0.5,1,1', labels: ['person', 'car'] },
        { name: 'path', points: '0.1,0.6 0.3,0.6 0.3,1', labels: [] },
      ],
    });
    // Then the answer says to restart, the file has them with its comments and the porch zone as written, and it loads
    expect(saved.status).toBe(200);
    expect(await saved.json()).toStrictEqual({
      restart: 'needed',
      message: `Saved front's zones and masks in ${file}; restart HomeSec to apply them`,
    });
    const written = readFileSync(file, 'utf8');
    for (const comment of ['# My HomeSec', '# any free port', '# the door', '# the timestamp', '# kept as written'])
      expect(written).toContain(comment);
    expect(written).toContain('  - { camera: porch, name: steps, points: "0,0,1,0,1,1" } # kept as written\n');
    const reloaded = loadConfig({ configPath: file, env: {} });
    if (!reloaded.ok) throw new Error(reloaded.error.problems.join('\n'));
    const front = reloaded.value.config.cameras.find((c) => c.name === 'front');
    expect(front?.source === 'rtsp' && front.motion.maskPolygons).toHaveLength(2);
    expect(reloaded.value.config.zones.map((z) => `${z.camera}/${z.name}:${z.labels.join('+')}`)).toEqual([
      'porch/steps:',
      'front/driveway:person+car',
      'front/path:',
    ]);
    // and the editor, opened again before the restart, shows what was saved
    expect(((await (await fetch(`${base}/front/regions`)).json()) as { zones: unknown[] }).zones).toHaveLength(2);
    expect(logs.records('camera.regions_saved')).toHaveLength(1);
  });

  it("in the add-on: posts the camera's masks and zones in the options, restarts, and the options load", async () => {
    // Given the add-on's Supervisor holding options with an RTSP camera, and HomeSec running the same camera
    const supervisor = await startFakeSupervisor('addon-token-regions-api');
    cleanups.push(() => supervisor.close());
    const tmp = makeTempDir('homesec-regions-addon-');
    cleanups.push(() => tmp.remove());
    const url = `rtsp://127.0.0.1:${await freePort()}/stream`;
    const defaults = readAddonConfig().options;
    const addonOptions = {
      ...defaults,
      cameras: [{ name: 'front', source: 'rtsp', url }],
      detector: { ...(defaults.detector as object), enabled: false },
    };
    supervisor.reply('GET', '/addons/self/options/config', { kind: 'ok', data: addonOptions });
    supervisor.reply('POST', '/addons/self/options', { kind: 'ok', data: {} });
    supervisor.reply('POST', '/addons/self/restart', { kind: 'ok', data: {} });
    supervisorEnv.useSupervisor(supervisor);
    const running = await startHomesec({ cameras: [{ name: 'front', source: 'rtsp', url }] }, { dir: join(tmp.path, 'run') });
    cleanups.push(() => running.stop());

    // When a mask and a zone are saved
    const got = (await (await fetch(`${running.url}/api/cameras/front/regions`)).json()) as { saveTo: string };
    const saved = await put(`${running.url}/api/cameras/front/regions`, {
      maskPolygons: ['0,0,0.3,0,0.3,0.1'],
      zones: [{ name: 'driveway', points: '0.4,0.5,1,0.5,1,1', labels: ['person'] }],
    });

    // Then the answer says the add-on restarts, and the Supervisor got the options, then the restart
    expect(got.saveTo).toBe('addon');
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ restart: 'restarting' });
    await vi.waitFor(() => expect(supervisor.requests.some((r) => r.method === 'POST' && r.path === '/addons/self/restart')).toBe(true));
    const writes = supervisor.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/addons/self/'));
    expect(writes.map((r) => r.path)).toEqual(['/addons/self/options', '/addons/self/restart']);
    const posted = JSON.parse(writes[0]?.body ?? '{}') as { options: Record<string, unknown> };
    expect(posted.options).toStrictEqual({
      ...addonOptions,
      cameras: [{ name: 'front', source: 'rtsp', url, motion_mask_polygons: ['0,0,0.3,0,0.3,0.1'] }],
      zones: [{ camera: 'front', name: 'driveway', points: '0.4,0.5,1,0.5,1,1', labels: ['person'] }],
    });
    // and the add-on, started on what the Supervisor then writes to /data/options.json, has them
    const data = join(tmp.path, 'data');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'options.json'), JSON.stringify(posted.options));
    const loaded = loadConfig({
      configPath: undefined,
      env: { HOMESEC_OPTIONS_PATH: join(data, 'options.json'), HOMESEC_DATA_DIR: data, HOMESEC_MEDIA_DIR: join(tmp.path, 'media') },
    });
    if (!loaded.ok) throw new Error(loaded.error.problems.join('\n'));
    const front = loaded.value.config.cameras.find((c) => c.name === 'front');
    expect(front?.source === 'rtsp' && front.motion.maskPolygons).toEqual([
      [
        [0, 0],
        [0.3, 0],
        [0.3, 0.1],
      ],
    ]);
    expect(loaded.value.config.zones).toMatchObject([{ camera: 'front', name: 'driveway', labels: ['person'] }]);
  });
});
