import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setRegionsInAddonOptions } from '../../../server/src/ha/addon-regions-options.js';
import { SupervisorClient } from '../../../server/src/ha/supervisor-client.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { LogCapture } from '../../support/log-capture.js';
import { startFakeSupervisor, type FakeSupervisor } from '../../support/servers/fake-supervisor-server.js';

/** The add-on's options as the Supervisor answers them: flat cameras, zones beside them. */
const OPTIONS = {
  log_level: 'info',
  cameras: [
    { name: 'front', source: 'rtsp', url: 'rtsp://cam.invalid/main', motion_fps: 5, motion_mask_polygons: ['0,0,0.1,0,0.1,0.1'] },
    { name: 'back', source: 'rtsp', url: 'rtsp://cam.invalid/back' },
  ],
  zones: [
    { camera: 'back', name: 'lawn', points: '0,0.5 1,0.5 1,1', labels: [] },
    { camera: 'front', name: 'old_path', points: '0,0,0.5,0,0.5,0.5', labels: [] },
    { camera: 'back', name: 'shed', points: '0.8,0,1,0,1,0.2', labels: ['person'] },
  ],
  detector: { enabled: false },
};

describe("writing one camera's motion masks and zones into the add-on's options", () => {
  let supervisor: FakeSupervisor;
  let client: SupervisorClient;
  beforeEach(async () => {
    supervisor = await startFakeSupervisor('addon-token-regions');
    supervisor.reply('GET', '/addons/self/options/config', { kind: 'ok', data: OPTIONS });
    supervisor.reply('POST', '/addons/self/options', { kind: 'ok', data: {} });
    client = new SupervisorClient({ baseUrl: supervisor.url, token: supervisor.token, log: createLogger('debug', new LogCapture()) });
  });
  afterEach(() => supervisor.close());

  const posted = () => {
    const post = supervisor.requests.find((r) => r.method === 'POST' && r.path === '/addons/self/options');
    return (JSON.parse(post?.body ?? '{}') as { options?: unknown }).options;
  };

  it("posts the options with the camera's masks and zones replaced, every other key and camera's zones as they were", async () => {
    // Given the options above / When the front camera gets a new mask and a driveway zone
    const written = await setRegionsInAddonOptions(client, 'front', {
      maskPolygons: ['0,0,0.3,0,0.3,0.1', '0.9,0.9,1,0.9,1,1'],
      zones: [{ name: 'driveway', points: '0.1,0.5,0.6,0.5,0.6,1', labels: ['person', 'car'] }],
    });

    // Then the Supervisor got the whole options, changed only there (the new zone where the old one was)
    expect(written).toEqual({ ok: true, value: undefined });
    expect(posted()).toStrictEqual({
      ...OPTIONS,
      cameras: [{ ...OPTIONS.cameras[0], motion_mask_polygons: ['0,0,0.3,0,0.3,0.1', '0.9,0.9,1,0.9,1,1'] }, OPTIONS.cameras[1]],
      zones: [
        OPTIONS.zones[0],
        { camera: 'front', name: 'driveway', points: '0.1,0.5,0.6,0.5,0.6,1', labels: ['person', 'car'] },
        OPTIONS.zones[2],
      ],
    });
  });

  it('leaves motion_mask_polygons out when the camera has no masks left, and appends the zones of a camera that had none', async () => {
    // Given the front camera with one mask and one zone / When both are taken away
    await setRegionsInAddonOptions(client, 'front', { maskPolygons: [], zones: [] });
    // Then its flat entry has no motion_mask_polygons, and its zone is gone
    const { motion_mask_polygons: _gone, ...front } = OPTIONS.cameras[0] ?? {};
    expect(posted()).toStrictEqual({ ...OPTIONS, cameras: [front, OPTIONS.cameras[1]], zones: [OPTIONS.zones[0], OPTIONS.zones[2]] });
  });

  it('refuses a camera the options do not have, and says what the Supervisor answered when it refuses the options', async () => {
    // When an unknown camera is written / Then nothing is posted
    expect(await setRegionsInAddonOptions(client, 'garage', { maskPolygons: [], zones: [] })).toEqual({
      ok: false,
      error: 'the add-on options have no camera named garage',
    });
    expect(supervisor.requests.filter((r) => r.method === 'POST')).toEqual([]);

    // Given a Supervisor that refuses the options / When written / Then its reason is in the error
    supervisor.reply('POST', '/addons/self/options', { kind: 'error', status: 400, message: 'Invalid options' });
    const refused = await setRegionsInAddonOptions(client, 'back', { maskPolygons: [], zones: [] });
    expect(refused.ok ? '' : refused.error).toMatch(/^the Supervisor refused the new options: .*Invalid options/);
  });
});
