import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipDetailSchema, ClipListResponseSchema, EventDetailSchema, type EventDetail } from '../../../server/src/http/contract.js';
import { makeAnalysis, makeClip, makeDetection, makeEventOf } from '../../support/factories.js';
import { BACKENDS, getJson, seedClips, startApi, type ApiUnderTest } from './http-test-kit.js';

const startedAt = '2026-11-21T12:00:00.000Z';
const sent = { key: 'new', phase: 'new' as const, at: startedAt, reason: 'risk_at_or_above_min', deliveries: {} };

/** A clip of an event that alerted, and a clip from before events existed (no event), marked alerted then. */
const withEvent = makeClip({
  id: 'clip_with_event',
  startedAt,
  eventId: 'evt_front',
  detection: makeDetection(['person']),
  analysis: makeAnalysis({ title: 'Courier at the door' }),
  alerted: true,
});
const orphan = makeClip({
  id: 'clip_orphan',
  camera: 'driveway',
  startedAt: '2026-11-20T08:00:00.000Z',
  durationS: 12,
  snapshotPath: 'driveway/2026-11-20/clip_orphan.jpg',
  detection: makeDetection(['person', 'car'], {
    bestFrame: { t: 2.5, detections: [{ label: 'person', score: 0.9, box: [10, 20, 110, 220] }] },
  }),
  analysis: makeAnalysis({ title: 'Someone by the car', riskLevel: 'high' }),
  alerted: true,
});

describe.each(BACKENDS)('the event page of a clip on %s', (backend) => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    // Given the real app with a clip that belongs to a stored event, and an old clip with no event
    api = await startApi(backend);
    await seedClips(api, [withEvent, orphan]);
    api.homesec.app.cameraEvents.open(makeEventOf(withEvent, { id: 'evt_front', status: 'closed', alerts: [sent] }));
    expect(await api.repository.drain(10_000)).toBe(true);
  });
  afterAll(async () => api?.close());

  const eventOf = async (clipId: string) => {
    const { status, body } = await getJson<EventDetail>(`${api.url}/api/clips/${clipId}/event`);
    expect(status).toBe(200);
    return EventDetailSchema.parse(body);
  };

  it('names each clip’s event in the clip list and the clip detail', async () => {
    // When the clips are listed and one is fetched
    const list = ClipListResponseSchema.parse((await getJson(`${api.url}/api/clips`)).body);
    const detail = ClipDetailSchema.parse((await getJson(`${api.url}/api/clips/clip_with_event`)).body);
    // Then the row and the detail carry the event's id (null for the old clip), the link the dashboard follows
    expect(Object.fromEntries(list.clips.map((c) => [c.id, c.eventId]))).toStrictEqual({
      clip_with_event: 'evt_front',
      clip_orphan: null,
    });
    expect(detail.clip.eventId).toBe('evt_front');
  });

  it('answers the stored event for a clip of one, as GET /api/events/:id does', async () => {
    // When the clip's event is asked for
    const detail = await eventOf('clip_with_event');
    // Then it is the event's own page answer: writable, alerted as the event says, with its clip
    const { body } = await getJson<EventDetail>(`${api.url}/api/events/evt_front`);
    expect(detail).toStrictEqual(EventDetailSchema.parse(body));
    expect(detail).toMatchObject({ readOnly: false, alerted: true, event: { id: 'evt_front' } });
    expect(detail.clips.map((c) => c.id)).toStrictEqual(['clip_with_event']);
  });

  it('makes a read-only event from an old clip alone, with its findings, box and alert', async () => {
    // When the old clip's event is asked for
    const detail = await eventOf('clip_orphan');
    // Then the view is read-only, named after the clip, and carries what the clip found
    expect(detail.readOnly).toBe(true);
    expect(detail.alerted).toBe(true);
    expect(detail.clips.map((c) => [c.id, c.eventId])).toStrictEqual([['clip_orphan', null]]);
    expect(detail.event).toMatchObject({
      id: 'clip_orphan',
      camera: 'driveway',
      status: 'closed',
      startedAt: '2026-11-20T08:00:00.000Z',
      endedAt: '2026-11-20T08:00:12.000Z',
      labels: [
        { label: 'person', bestScore: 0.9, frames: 3 },
        { label: 'car', bestScore: 0.9, frames: 3 },
      ],
      triggered: true,
      snapshotPath: 'driveway/2026-11-20/clip_orphan.jpg',
      analysis: { title: 'Someone by the car', riskLevel: 'high' },
      analysisSource: 'clip',
      alerts: [],
      clipIds: ['clip_orphan'],
      reviewedAt: null,
    });
    // And its one detection moment is the clip's best frame, 2.5 s in, with the box in frame pixels
    expect(detail.event.moments).toStrictEqual([
      {
        at: '2026-11-20T08:00:02.500Z',
        detections: [{ label: 'person', score: 0.9, box: [10, 20, 110, 220] }],
        frameWidth: 1280,
        frameHeight: 720,
      },
    ]);
    // And nothing under /api/events knows it
    expect((await getJson(`${api.url}/api/events/clip_orphan`)).status).toBe(404);
  });

  it('answers 404 for an unknown clip, and for a deleted one', async () => {
    // Given a clip deleted from the dashboard
    const gone = makeClip({ id: 'clip_gone', status: 'deleted' });
    await seedClips(api, [gone]);
    // When their events are asked for / Then both are 404 with a message
    const unknown = await getJson(`${api.url}/api/clips/nope/event`);
    expect(unknown).toMatchObject({ status: 404, body: { error: 'not_found', message: 'no clip with id nope' } });
    expect((await getJson(`${api.url}/api/clips/clip_gone/event`)).status).toBe(404);
  });
});
