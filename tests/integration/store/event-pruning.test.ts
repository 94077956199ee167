import { afterEach, describe, expect, it } from 'vitest';
import type { CameraEvent } from '../../../server/src/core/camera-event.js';
import type { Clip } from '../../../server/src/core/clip.js';
import { newEvent } from '../../../server/src/events/new-event.js';
import { makeClip } from '../../support/factories.js';
import { STORE_BACKENDS, type StoreBackend } from './event-store-backends.js';

const OLD = new Date('2026-10-01T10:00:00Z');
const NEW = new Date('2026-11-20T10:00:00Z');

function event(id: string, startedAt: Date, clipIds: string[], status: CameraEvent['status'] = 'closed'): CameraEvent {
  return { ...newEvent('front_door', 'folder', startedAt, false), id, status, clipIds };
}

function clip(id: string, status: Clip['status']): Clip {
  return makeClip({ id, status, startedAt: OLD.toISOString() });
}

describe.each(STORE_BACKENDS)('camera events leave the %s store with their footage', (_name, makeBackend) => {
  let backend: StoreBackend | null = null;
  afterEach(async () => {
    await backend?.store.stop();
    await backend?.cleanup();
    backend = null;
  });

  it('deletes closed events from before the line whose clips are all deleted or that never had one, and keeps the rest', async () => {
    // Given old events: footage deleted, footage kept, no clip, still active, half deleted; and a recent clip-less one
    backend = makeBackend();
    const { store } = backend;
    await store.start();
    const clips = [clip('c_gone', 'deleted'), clip('c_kept', 'done'), clip('c_half_gone', 'deleted'), clip('c_half_kept', 'done')];
    const events = [
      event('evt_footage_deleted', OLD, ['c_gone']),
      event('evt_footage_kept', OLD, ['c_kept']),
      event('evt_without_clip', OLD, []),
      event('evt_active', OLD, [], 'active'),
      event('evt_half', OLD, ['c_half_gone', 'c_half_kept']),
      event('evt_recent', NEW, []),
    ];
    await store.apply([
      ...clips.map((c) => ({ kind: 'clip' as const, clip: c })),
      ...events.map((e) => ({ kind: 'cameraEvent' as const, event: e })),
    ]);

    // When events before a line between the two dates are pruned (retention's write)
    await store.apply([{ kind: 'pruneEvents', before: '2026-11-01T00:00:00.000Z' }]);

    // Then only the old closed events without footage are gone
    const left = (await store.listEvents({ limit: 100 })).events.map((e) => e.id).sort();
    expect(left).toStrictEqual(['evt_active', 'evt_footage_kept', 'evt_half', 'evt_recent']);
    expect(await store.getEvent('evt_footage_deleted')).toBeNull();
  });
});
