import { afterEach, describe, expect, it } from 'vitest';
import type { CameraEvent } from '../../../server/src/core/camera-event.js';
import { newEvent } from '../../../server/src/events/new-event.js';
import { STORE_BACKENDS, type StoreBackend } from './event-store-backends.js';

function labelled(id: string, minute: number, labels: string[]): CameraEvent {
  const startedAt = new Date(Date.UTC(2026, 10, 21, 10, minute));
  const base = newEvent('front_door', 'folder', startedAt, false);
  return { ...base, id, status: 'closed', labels: labels.map((label) => ({ label, bestScore: 0.8, frames: 2 })) };
}

describe.each(STORE_BACKENDS)('the event label filter on %s', (_name, makeBackend) => {
  let backend: StoreBackend | null = null;
  afterEach(async () => {
    await backend?.store.stop();
    await backend?.cleanup();
    backend = null;
  });

  it('finds a label of several words exactly, and not by one of its words', async () => {
    // Given events with a traffic light and a person, a person alone, and a label "light" of a custom model
    backend = makeBackend();
    const { store } = backend;
    await store.start();
    const events = [
      labelled('evt_traffic', 1, ['traffic light', 'person']),
      labelled('evt_person', 2, ['person']),
      labelled('evt_light', 3, ['light']),
    ];
    await store.apply(events.map((event) => ({ kind: 'cameraEvent' as const, event })));
    const ids = async (label: string) => (await store.listEvents({ label, limit: 50 })).events.map((e) => e.id).sort();

    // When filtered by label / Then each label finds exactly the events that have it
    expect(await ids('traffic light')).toStrictEqual(['evt_traffic']);
    expect(await ids('  traffic   light ')).toStrictEqual(['evt_traffic']);
    expect(await ids('light')).toStrictEqual(['evt_light']);
    expect(await ids('person')).toStrictEqual(['evt_person', 'evt_traffic']);
    expect(await store.countEvents({ label: 'traffic light', limit: 50 })).toBe(1);
  });
});
