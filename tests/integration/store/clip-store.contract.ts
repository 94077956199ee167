import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClipQuerySchema, type ClipQuery } from '../../../server/src/core/clip-query.js';
import type { ClipStore } from '../../../server/src/core/clip-store.js';
import type { Clip } from '../../../server/src/core/clip.js';
import { InputError } from '../../../server/src/core/errors.js';
import { makeAnalysis, makeClip, makeDetection, makeEvent } from '../../support/factories.js';

export interface StoreFixture {
  readonly store: ClipStore;
  /** A second store on the same database, for concurrent writers. */
  readonly second: () => ClipStore;
  readonly cleanup: () => Promise<void>;
}

const list = (store: ClipStore, query: ClipQuery) => store.listClips(ClipQuerySchema.parse(query));
const at = (minute: number) => new Date(Date.UTC(2026, 10, 21, 10, minute)).toISOString();

/** The behaviour every ClipStore must have; run once per backend. */
export function describeClipStore(name: string, makeFixture: () => Promise<StoreFixture>): void {
  describe(`ClipStore contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: ClipStore;

    beforeEach(async () => {
      fixture = await makeFixture();
      store = fixture.store;
      await store.start();
    });
    afterEach(async () => {
      await store.stop();
      await fixture.cleanup();
    });

    it('creates a clip and returns it unchanged', async () => {
      // Given a clip with detection and analysis
      const clip = makeClip({ detection: makeDetection(['person', 'car']), analysis: makeAnalysis({ riskLevel: 'high' }) });
      // When it is written and read back
      await store.apply([{ kind: 'clip', clip }]);
      // Then the stored document equals what was written
      expect(await store.getClip(clip.id)).toStrictEqual(clip);
      expect(await store.getClip('no_such_clip')).toBeNull();
    });

    it('applies stage updates to the same clip (upsert)', async () => {
      // Given a queued clip
      const clip = makeClip({ status: 'queued' });
      await store.apply([{ kind: 'clip', clip }]);
      // When later stage results update it
      const detected: Clip = { ...clip, status: 'processing', detection: makeDetection(['person']) };
      const done: Clip = { ...detected, status: 'done', alerted: true };
      await store.apply([{ kind: 'clip', clip: detected }]);
      await store.apply([{ kind: 'clip', clip: done }]);
      // Then the latest state is what is read, and it is found by its new labels and alerted flag
      expect(await store.getClip(clip.id)).toStrictEqual(done);
      expect((await list(store, { label: 'person', alerted: true })).clips.map((c) => c.id)).toEqual([clip.id]);
    });

    it('keeps lifecycle events in the order they were appended, and never twice', async () => {
      // Given a clip and three events
      const clip = makeClip();
      const events = ['clip_received', 'clip_stored', 'clip_done'].map((type, i) =>
        makeEvent(clip.id, { type: type as 'clip_received', at: at(i), data: { step: i } }),
      );
      // When they are appended, one of them replayed (a journal replay after a crash)
      await store.apply([{ kind: 'clip', clip }, ...events.map((event) => ({ kind: 'event' as const, event }))]);
      await store.apply([{ kind: 'event', event: events[1] ?? events[0]! }]);
      // Then they come back in order, each once
      expect(await store.listClipEvents(clip.id)).toStrictEqual(events);
    });

    it('filters by camera, status, label, min risk, alerted, time range and text', async () => {
      // Given clips that differ in each filtered field
      const a = makeClip({
        id: 'a',
        camera: 'front_door',
        startedAt: at(1),
        status: 'done',
        detection: makeDetection(['person']),
        analysis: makeAnalysis({ riskLevel: 'low', summary: 'A postman delivers a parcel' }),
        alerted: false,
      });
      const b = makeClip({
        id: 'b',
        camera: 'driveway',
        startedAt: at(2),
        status: 'done',
        detection: makeDetection(['car']),
        analysis: makeAnalysis({ riskLevel: 'high', summary: 'A car stops by the gate' }),
        alerted: true,
      });
      const c = makeClip({ id: 'c', camera: 'front_door', startedAt: at(3), status: 'failed' });
      const d = makeClip({
        id: 'd',
        camera: 'front_door',
        startedAt: at(4),
        status: 'done',
        detection: makeDetection(['person', 'dog']),
        analysis: makeAnalysis({ riskLevel: 'critical', summary: 'Someone climbs the fence with a dog' }),
        alerted: true,
      });
      const deleted = makeClip({ id: 'e', camera: 'front_door', startedAt: at(5), status: 'deleted' });
      await store.apply([a, b, c, d, deleted].map((clip) => ({ kind: 'clip' as const, clip })));
      const ids = async (query: ClipQuery) => (await list(store, query)).clips.map((clip) => clip.id);
      // When listing with each filter, Then only matching clips come back, newest first, deleted ones only on request
      expect(await ids({})).toEqual(['d', 'c', 'b', 'a']);
      expect(await ids({ camera: 'front_door' })).toEqual(['d', 'c', 'a']);
      expect(await ids({ status: 'failed' })).toEqual(['c']);
      expect(await ids({ status: 'deleted' })).toEqual(['e']);
      expect(await ids({ label: 'person' })).toEqual(['d', 'a']);
      expect(await ids({ label: 'dog' })).toEqual(['d']);
      expect(await ids({ minRisk: 'high' })).toEqual(['d', 'b']);
      expect(await ids({ alerted: true })).toEqual(['d', 'b']);
      expect(await ids({ alerted: false })).toEqual(['c', 'a']);
      expect(await ids({ from: at(2), to: at(4) })).toEqual(['c', 'b']);
      expect(await ids({ text: 'parcel' })).toEqual(['a']);
      expect(await ids({ text: 'fence dog' })).toEqual(['d']);
      expect(await ids({ camera: 'front_door', label: 'person', minRisk: 'medium' })).toEqual(['d']);
      expect(await store.countClips(ClipQuerySchema.parse({ camera: 'front_door' }))).toBe(3);
    });

    it('pages with a cursor without gaps or repeats, also across equal start times', async () => {
      // Given 57 clips, several sharing a start time
      const clips = Array.from({ length: 57 }, (_, i) =>
        makeClip({ id: `p${String(i).padStart(2, '0')}`, startedAt: at(Math.floor(i / 3)) }),
      );
      await store.apply(clips.map((clip) => ({ kind: 'clip' as const, clip })));
      // When reading pages of 10 until the cursor runs out
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await list(store, { limit: 10, ...(cursor ? { cursor } : {}) });
        seen.push(...page.clips.map((c) => c.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      // Then every clip came exactly once, in newest-first order
      expect(pages).toBe(6);
      expect(seen).toHaveLength(57);
      expect(new Set(seen).size).toBe(57);
      const expected = [...clips]
        .sort((x, y) => (y.startedAt === x.startedAt ? (y.id < x.id ? -1 : 1) : y.startedAt < x.startedAt ? -1 : 1))
        .map((c) => c.id);
      expect(seen).toEqual(expected);
    });

    it('rejects a cursor it did not issue', async () => {
      // Given nothing special; When a forged cursor is used; Then it is an input error, not a crash
      await expect(list(store, { cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InputError);
    });

    it('marks a clip deleted without its document, and deletes clips with their events', async () => {
      // Given two clips with events
      const keep = makeClip({ id: 'keep' });
      const gone = makeClip({ id: 'gone' });
      await store.apply([
        { kind: 'clip', clip: keep },
        { kind: 'clip', clip: gone },
        { kind: 'event', event: makeEvent('gone') },
      ]);
      // When one is marked deleted and the other purged
      await store.apply([{ kind: 'markDeleted', clipId: 'keep', at: at(30) }]);
      await store.apply([{ kind: 'deleteClip', clipId: 'gone' }]);
      // Then the first reads as deleted and is hidden from the default listing; the second is gone
      expect((await store.getClip('keep'))?.status).toBe('deleted');
      expect((await list(store, {})).clips).toHaveLength(0);
      expect(await store.getClip('gone')).toBeNull();
      expect(await store.listClipEvents('gone')).toEqual([]);
    });

    it('takes concurrent writers on the same database without losing a write', async () => {
      // Given a second store instance on the same database
      const other = fixture.second();
      await other.start();
      try {
        // When both write 50 clips each at the same time
        const writes = (prefix: string, s: ClipStore) =>
          Promise.all(
            Array.from({ length: 50 }, (_, i) =>
              s.apply([
                { kind: 'clip', clip: makeClip({ id: `${prefix}${i}` }) },
                { kind: 'event', event: makeEvent(`${prefix}${i}`) },
              ]),
            ),
          );
        await Promise.all([writes('x', store), writes('y', other)]);
        // Then all 100 clips and events are there
        expect(await store.countClips(ClipQuerySchema.parse({}))).toBe(100);
        expect(await other.listClipEvents('y49')).toHaveLength(1);
      } finally {
        await other.stop();
      }
    });

    it('applies a batch atomically', async () => {
      // Given a batch whose second write is invalid for the store (a clip without an id column value)
      const good = makeClip({ id: 'good' });
      const bad = { kind: 'event' as const, event: { ...makeEvent('good'), at: 'not a date' } };
      // When it is applied, Then it fails and the first write is not kept either
      await expect(store.apply([{ kind: 'clip', clip: good }, bad])).rejects.toThrow();
      expect(await store.getClip('good')).toBeNull();
    });
  });
}
