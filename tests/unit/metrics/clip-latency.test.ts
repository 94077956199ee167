import { describe, expect, it } from 'vitest';
import type { StageRecord } from '../../../server/src/core/clip.js';
import { clipEnd, clipLatency } from '../../../server/src/metrics/clip-latency.js';
import { makeClip } from '../../support/factories.js';

const at = (iso: string, outcome: StageRecord['outcome'] = 'ok'): StageRecord => ({ outcome, reason: null, ms: 100, at: iso, attempts: 1 });

describe('clipLatency', () => {
  it('measures every stage and notification from the clip end and from its storing', () => {
    // Given a clip that ended at 10:00:10, was stored 2 s later, and went through every stage and two notifiers
    const clip = makeClip({
      startedAt: '2026-11-21T10:00:00.000Z',
      endedAt: '2026-11-21T10:00:10.000Z',
      createdAt: '2026-11-21T10:00:12.000Z',
      stages: {
        upload: at('2026-11-21T10:00:20.000Z'),
        detect: at('2026-11-21T10:00:14.000Z'),
        analyze: at('2026-11-21T10:00:25.000Z'),
      },
      notifications: {
        email: { status: 'delivered', attempts: 1, at: '2026-11-21T10:00:27.000Z', error: null },
        mqtt: { status: 'delivered', attempts: 1, at: '2026-11-21T10:00:25.500Z', error: null },
      },
    });

    // When its latency is computed
    const latency = clipLatency(clip);

    // Then stages come in pipeline order, notifications by time, each from the end and from storing
    expect(latency.endAt).toBe('2026-11-21T10:00:10.000Z');
    expect(latency.storedAt).toBe('2026-11-21T10:00:12.000Z');
    expect(latency.steps.map((s) => [s.step, s.outcome, s.fromEndMs, s.fromStoredMs])).toStrictEqual([
      ['upload', 'ok', 10_000, 8000],
      ['detect', 'ok', 4000, 2000],
      ['analyze', 'ok', 15_000, 13_000],
      ['notification:mqtt', 'delivered', 15_500, 13_500],
      ['notification:email', 'delivered', 17_000, 15_000],
    ]);
    // And the alert latency is the first delivery after the end
    expect(latency.alertMs).toBe(15_500);
  });

  it('takes the end from start + duration when the source gave no end time', () => {
    // Given a clip with only a start and a probed duration
    const clip = makeClip({ startedAt: '2026-11-21T10:00:00.000Z', endedAt: null, durationS: 8.5 });
    // When its end is read / Then it is start + duration
    expect(clipEnd(clip)).toBe('2026-11-21T10:00:08.500Z');
  });

  it('has no end-based times when neither end nor duration is known, and counts the alert from storing', () => {
    // Given a clip without end or duration whose notification was delivered 3 s after storing
    const clip = makeClip({
      endedAt: null,
      durationS: null,
      createdAt: '2026-11-21T10:00:00.000Z',
      stages: { analyze: at('2026-11-21T10:00:02.000Z') },
      notifications: { mqtt: { status: 'delivered', attempts: 1, at: '2026-11-21T10:00:03.000Z', error: null } },
    });
    // When its latency is computed
    const latency = clipLatency(clip);
    // Then end-based times are null and the alert counts from storing
    expect(latency.endAt).toBeNull();
    expect(latency.steps.map((s) => s.fromEndMs)).toStrictEqual([null, null]);
    expect(latency.alertMs).toBe(3000);
  });

  it('has no alert latency until a notification is delivered, and never negative times', () => {
    // Given a camera clock 5 s ahead (end after the detect stage) and a notification still pending
    const clip = makeClip({
      endedAt: '2026-11-21T10:00:10.000Z',
      createdAt: '2026-11-21T10:00:04.000Z',
      stages: { detect: at('2026-11-21T10:00:05.000Z') },
      notifications: { mqtt: { status: 'pending', attempts: 2, at: '2026-11-21T10:00:06.000Z', error: 'broker down' } },
    });
    // When its latency is computed
    const latency = clipLatency(clip);
    // Then the early stage reads 0, not negative, and there is no alert latency yet
    expect(latency.steps[0]).toMatchObject({ step: 'detect', fromEndMs: 0, fromStoredMs: 1000 });
    expect(latency.steps[1]).toMatchObject({ step: 'notification:mqtt', outcome: 'pending' });
    expect(latency.alertMs).toBeNull();
  });
});
