import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CameraListResponseSchema,
  CameraViewSchema,
  HealthResponseSchema,
  StatsResponseSchema,
} from '../../../server/src/http/contract.js';
import { makeClip } from '../../support/factories.js';
import { fixture } from '../../support/paths.js';
import { getJson, placeMediaFile, seedClips, startApi, type ApiUnderTest } from './http-test-kit.js';
import { connectDashboard } from './socket-client.js';

describe('cameras, stats and health', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApi('sqlite', { analyzer: { enabled: false, monthly_budget_usd: 5 } });
  });
  afterAll(async () => api?.close());

  it('lists configured cameras with the state their sources report, armed flag and last clip', async () => {
    // Given three cameras, two watched folders (the folder source creates and watches them) and one disabled
    const { status, body } = await getJson(`${api.url}/api/cameras`);
    const cameras = CameraListResponseSchema.parse(body).cameras;
    // Then the enabled ones are online as their sources reported at start; the disabled one says it is disabled
    expect(status).toBe(200);
    expect(cameras.map((c) => [c.name, c.source, c.enabled, c.online, c.armed, c.lastClip, c.hasPicture])).toStrictEqual([
      ['front_door', 'folder', true, true, true, null, false],
      ['driveway', 'folder', true, true, true, null, false],
      ['garage', 'folder', false, null, true, null, false],
    ]);
    expect(cameras[0]?.detail).toMatch(/^watching /);
    expect(cameras[2]?.detail).toBe('disabled in the configuration');
  });

  it('has no latest picture for a folder camera, nor for a camera it does not know', async () => {
    // Given a watched-folder camera (no stream to take a frame from)
    // When the dashboard asks for its latest picture, and for an unknown camera's
    const folder = await fetch(`${api.url}/api/cameras/front_door/latest.jpg`);
    const unknown = await fetch(`${api.url}/api/cameras/attic/latest.jpg`);
    // Then both are 404 with a reason
    expect(folder.status).toBe(404);
    expect(await folder.text()).toContain('no live stream');
    expect(unknown.status).toBe(404);
  });

  it('follows a camera going offline and coming back', async () => {
    // Given a connected dashboard
    const client = connectDashboard(api.url);
    try {
      await client.next('snapshot');
      // When the source reports front_door unreachable (as a source does on the bus)
      const bus = api.homesec.app.bus;
      bus.emit('camera.statusChanged', {
        camera: 'front_door',
        online: false,
        lastFrameAt: null,
        detail: 'cannot open rtsp://admin:hunter2@10.0.0.5/live',
      });
      // Then the socket and the API say offline, with the reason but never the password in it
      await client.next('camera:status', (c) => c.name === 'front_door' && c.online === false);
      const offline = CameraListResponseSchema.parse((await getJson(`${api.url}/api/cameras`)).body).cameras;
      expect(offline[0]).toMatchObject({ name: 'front_door', online: false, detail: 'cannot open rtsp://admin:***@10.0.0.5/live' });
      expect(JSON.stringify(offline)).not.toContain('hunter2');
      // When it recovers / Then it is online again
      bus.emit('camera.statusChanged', { camera: 'front_door', online: true, lastFrameAt: null, detail: 'watching again' });
      await client.next('camera:status', (c) => c.name === 'front_door' && c.online === true);
      const online = CameraListResponseSchema.parse((await getJson(`${api.url}/api/cameras`)).body).cameras;
      expect(online[0]).toMatchObject({ name: 'front_door', online: true, detail: 'watching again' });
    } finally {
      client.socket.close();
    }
  });

  it('round-trips the armed flag and persists it', async () => {
    // Given an armed camera / When disarmed through the API
    const put = await getJson(`${api.url}/api/cameras/front_door/armed`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: '{"armed":false}',
    });
    // Then the answer and later listings say disarmed, and the store behind it agrees
    expect(put.status).toBe(200);
    expect(CameraViewSchema.parse(put.body).armed).toBe(false);
    const listed = CameraListResponseSchema.parse((await getJson(`${api.url}/api/cameras`)).body).cameras;
    expect(listed.find((c) => c.name === 'front_door')?.armed).toBe(false);
    expect(api.homesec.app.cameras.isArmed('front_door')).toBe(false);
    // When armed again / Then it is armed
    await getJson(`${api.url}/api/cameras/front_door/armed`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: '{"armed":true}',
    });
    expect(api.homesec.app.cameras.isArmed('front_door')).toBe(true);
  });

  it('answers 404 for an unknown camera', async () => {
    // Given no camera "attic" / When armed / Then 404
    const put = await getJson(`${api.url}/api/cameras/attic/armed`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: '{"armed":true}',
    });
    expect(put).toMatchObject({ status: 404, body: { message: 'no camera named attic' } });
  });

  it('counts clips and alerts today, reports spend against the budget and storage used', async () => {
    // Given two clips today (one alerted), one yesterday, and a video file in the media folder
    const now = Date.now();
    await seedClips(api, [
      makeClip({ id: 's1', startedAt: new Date(now - 60_000).toISOString(), alerted: true }),
      makeClip({ id: 's2', startedAt: new Date(now - 120_000).toISOString() }),
      makeClip({ id: 's3', startedAt: new Date(now - 2 * 86_400_000).toISOString() }),
    ]);
    placeMediaFile(api, 'front_door/today/s1.mp4', fixture('empty_scene.mp4'));
    await api.homesec.app.media.usage.rescan();
    // When stats are fetched
    const { status, body } = await getJson(`${api.url}/api/stats`);
    const stats = StatsResponseSchema.parse(body);
    // Then the day's counts, the budget, the analyzer state and the bytes in the media folder are reported
    expect(status).toBe(200);
    expect(stats).toMatchObject({ clipsToday: 2, alertsToday: 1, spendThisMonthUsd: 0, monthlyBudgetUsd: 5, analyzerEnabled: false });
    expect(stats.storage.usedBytes).toBeGreaterThanOrEqual(11_258);
    expect(stats.storage.files).toBeGreaterThanOrEqual(1);
    expect(stats.storage.scannedAt).not.toBeNull();
    expect(stats.versions.node).toBe(process.version);
  });

  it('reports health checks with the version', async () => {
    // Given a running app / When health is asked / Then 200 with named checks
    const { status, body } = await getJson(`${api.url}/api/health`);
    const health = HealthResponseSchema.parse(body);
    expect(status).toBe(200);
    expect(Object.keys(health.checks)).toEqual(expect.arrayContaining(['store', 'media']));
  });
});
