import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipDetailSchema, ClipListResponseSchema, type ClipListResponse } from '../../../server/src/http/contract.js';
import { makeAnalysis, makeClip, makeDetection } from '../../support/factories.js';
import { BACKENDS, getJson, seedClips, startApi, type ApiUnderTest } from './http-test-kit.js';

const HOUR = 3_600_000;
const base = Date.parse('2026-11-21T12:00:00.000Z');
const at = (hoursAgo: number) => new Date(base - hoursAgo * HOUR).toISOString();

/** Ten clips over ten hours: cameras alternate; every third has a person; risk and alerts vary. */
function seedSet() {
  return Array.from({ length: 10 }, (_, i) => {
    const person = i % 3 === 0;
    const risk = (['low', 'medium', 'high', 'critical'] as const)[i % 4] ?? 'low';
    return makeClip({
      id: `clip_${String(i).padStart(2, '0')}`,
      camera: i % 2 === 0 ? 'front_door' : 'driveway',
      startedAt: at(i),
      status: i === 9 ? 'failed' : 'done',
      detection: makeDetection(person ? ['person'] : ['car']),
      analysis: makeAnalysis({
        title: person ? 'Person at the door' : 'Car passing',
        summary: person ? 'A courier left a parcel on the step.' : 'A red car drove along the street.',
        riskLevel: risk,
      }),
      alerted: person && risk !== 'low',
    });
  });
}

describe.each(BACKENDS)('GET /api/clips on %s', (backend) => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await startApi(backend);
    await seedClips(api, seedSet());
  });
  afterAll(async () => api?.close());

  const list = async (query: string) => {
    const { status, body } = await getJson<ClipListResponse>(`${api.url}/api/clips${query}`);
    expect(status).toBe(200);
    return ClipListResponseSchema.parse(body);
  };
  const ids = (page: ClipListResponse) => page.clips.map((c) => c.id);

  it('lists clips newest first as timeline summaries', async () => {
    // Given ten seeded clips / When listed without filters
    const page = await list('');
    // Then all come back newest first, with labels, risk, title and alert
    expect(ids(page)).toStrictEqual(seedSet().map((c) => c.id));
    expect(page.clips[0]).toMatchObject({
      camera: 'front_door',
      labels: ['person'],
      riskLevel: 'low',
      title: 'Person at the door',
      alerted: false,
    });
    expect(page.nextCursor).toBeNull();
  });

  it('pages through with the keyset cursor without gaps or repeats', async () => {
    // Given pages of 3 / When following nextCursor to the end
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ClipListResponse = await list(`?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...ids(page));
      cursor = page.nextCursor;
    } while (cursor);
    // Then every clip is seen exactly once, in order
    expect(seen).toStrictEqual(seedSet().map((c) => c.id));
  });

  it('filters by camera, label, minimum risk, alerted and status', async () => {
    // Given the seeded set / When each filter is applied / Then only matching clips come back
    expect(ids(await list('?camera=driveway'))).toStrictEqual(['clip_01', 'clip_03', 'clip_05', 'clip_07', 'clip_09']);
    expect(ids(await list('?label=person'))).toStrictEqual(['clip_00', 'clip_03', 'clip_06', 'clip_09']);
    expect(ids(await list('?minRisk=critical'))).toStrictEqual(['clip_03', 'clip_07']);
    expect(ids(await list('?alerted=true'))).toStrictEqual(['clip_03', 'clip_06', 'clip_09']);
    expect(ids(await list('?status=failed'))).toStrictEqual(['clip_09']);
    expect(ids(await list('?camera=front_door&label=person&alerted=true'))).toStrictEqual(['clip_06']);
  });

  it('filters by a time window (from inclusive, to exclusive)', async () => {
    // Given clips one hour apart / When asking for [3h ago, 1h ago) / Then clips 2 and 3 come back
    const page = await list(`?from=${encodeURIComponent(at(3))}&to=${encodeURIComponent(at(1))}`);
    expect(ids(page)).toStrictEqual(['clip_02', 'clip_03']);
  });

  it('searches the VLM summaries with full-text search', async () => {
    // Given summaries about a parcel and a red car / When searching for words
    expect(ids(await list('?text=parcel'))).toStrictEqual(['clip_00', 'clip_03', 'clip_06', 'clip_09']);
    // Then stemming and several words work as the store's FTS does
    expect(ids(await list('?text=red%20car&camera=front_door'))).toStrictEqual(['clip_02', 'clip_04', 'clip_08']);
    expect(ids(await list('?text=zebra'))).toStrictEqual([]);
  });

  it('gives one clip with its detections, analysis, whether its event alerted, lifecycle and cost', async () => {
    // Given a seeded clip / When its detail is fetched
    const { status, body } = await getJson(`${api.url}/api/clips/clip_03`);
    // Then the full state and the lifecycle (its clip_received step) are there
    expect(status).toBe(200);
    const detail = ClipDetailSchema.parse(body);
    expect(detail.clip.detection?.labels[0]?.label).toBe('person');
    expect(detail.clip.analysis?.summary).toBe('A courier left a parcel on the step.');
    expect(detail.clip.alerted).toBe(true);
    expect(detail.lifecycle.map((e) => e.type)).toStrictEqual(['clip_received']);
    expect(detail.costUsd).toBe(0.0001);
  });

  it('answers 404 with a message for an unknown clip', async () => {
    // Given no such clip / When fetched / Then 404 and a readable message
    const { status, body } = await getJson(`${api.url}/api/clips/nope`);
    expect(status).toBe(404);
    expect(body).toStrictEqual({ error: 'not_found', message: 'no clip with id nope' });
  });
});
