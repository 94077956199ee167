import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipDeltaSchema, LiveSnapshotSchema } from '../../../server/src/http/contract.js';
import { makeAnalysis, makeClip } from '../../support/factories.js';
import { seedClips, startApi, type ApiUnderTest } from './http-test-kit.js';
import { connectDashboard } from './socket-client.js';

describe('socket.io live feed', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApi('sqlite');
    await seedClips(api, [makeClip({ id: 'clip_old', camera: 'front_door', startedAt: '2026-11-20T08:00:00Z' })]);
  });
  afterAll(async () => api?.close());

  it('sends a snapshot of recent clips and every camera on connect', async () => {
    // Given one stored clip and three configured cameras / When the dashboard connects
    const client = connectDashboard(api.url);
    try {
      const snapshot = LiveSnapshotSchema.parse(await client.next('snapshot'));
      // Then the snapshot has the clip and the cameras with their last clip and armed state
      expect(snapshot.clips.map((c) => c.id)).toStrictEqual(['clip_old']);
      expect(snapshot.cameras.map((c) => [c.name, c.armed, c.lastClip?.id ?? null])).toStrictEqual([
        ['front_door', true, 'clip_old'],
        ['driveway', true, null],
        ['garage', true, null],
      ]);
    } finally {
      client.socket.close();
    }
  });

  it('sends clip:created, clip:updated for each step, and clip:deleted', async () => {
    // Given a connected dashboard
    const client = connectDashboard(api.url);
    try {
      await client.next('snapshot');
      // When a clip is received, then analysed, then deleted
      const clip = makeClip({ id: 'clip_live', camera: 'driveway', status: 'processing', startedAt: new Date().toISOString() });
      api.repository.create(clip, { type: 'clip_received' });
      const created = ClipDeltaSchema.parse(await client.next('clip:created'));
      api.repository.update(
        'clip_live',
        (c) => ({
          ...c,
          analysis: makeAnalysis({ title: 'Fox in the drive' }),
          stages: { ...c.stages, analyze: { outcome: 'ok', reason: null, ms: 900, at: new Date().toISOString(), attempts: 1 } },
        }),
        { type: 'stage_succeeded', data: { stage: 'analyze' } },
      );
      const updated = ClipDeltaSchema.parse(await client.next('clip:updated'));
      api.repository.recordDeletion('clip_live', 'driveway', 'test');
      const deleted = await client.next('clip:deleted');
      // Then each message carries the clip's summary as it is after that step
      expect(created).toMatchObject({ clip: { id: 'clip_live', status: 'processing', title: null }, event: { type: 'clip_received' } });
      expect(updated).toMatchObject({
        clip: { id: 'clip_live', title: 'Fox in the drive', stages: { analyze: { outcome: 'ok', ms: 900 } } },
        event: { type: 'stage_succeeded' },
      });
      expect(deleted).toStrictEqual({ id: 'clip_live', camera: 'driveway' });
    } finally {
      client.socket.close();
    }
  });

  it('sends camera:status when a camera goes offline, gets a clip, or is disarmed', async () => {
    // Given a connected dashboard
    const client = connectDashboard(api.url);
    try {
      await client.next('snapshot');
      // When the source reports the camera offline / Then camera:status says so with the detail
      api.homesec.app.bus.emit('camera.statusChanged', {
        camera: 'driveway',
        online: false,
        lastFrameAt: null,
        detail: 'connection refused',
      });
      expect(await client.next('camera:status', (c) => c.name === 'driveway' && c.online === false)).toMatchObject({
        detail: 'connection refused',
      });
      // When a newer clip is recorded / Then the camera's last clip follows
      const startedAt = new Date().toISOString();
      api.repository.create(makeClip({ id: 'clip_newest', camera: 'driveway', startedAt }), { type: 'clip_received' });
      expect(await client.next('camera:status', (c) => c.lastClip?.id === 'clip_newest')).toMatchObject({ lastClip: { startedAt } });
      // When the camera is disarmed through the API / Then camera:status reports armed false
      await fetch(`${api.url}/api/cameras/driveway/armed`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: '{"armed":false}',
      });
      expect(await client.next('camera:status', (c) => c.name === 'driveway' && !c.armed)).toMatchObject({ armed: false });
    } finally {
      client.socket.close();
    }
  });
});
