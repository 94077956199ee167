import { describe, expect, it } from 'vitest';
import type { Clip } from '../../../server/src/core/clip.js';
import { summariseLatency } from '../../../server/src/metrics/latency-summary.js';
import { makeClip } from '../../support/factories.js';

const END = Date.parse('2026-11-21T10:00:10.000Z');
const after = (ms: number) => new Date(END + ms).toISOString();

/** A clip that ended at END, was analysed after `analyzedMs` and (when given) alerted by MQTT after `alertMs`. */
function clipWith(analyzedMs: number, alertMs: number | null, status: 'delivered' | 'pending' = 'delivered'): Clip {
  return makeClip({
    endedAt: after(0),
    createdAt: after(0),
    stages: { analyze: { outcome: 'ok', reason: null, ms: 1, at: after(analyzedMs), attempts: 1 } },
    notifications: alertMs === null ? {} : { mqtt: { status, attempts: 1, at: after(alertMs), error: null } },
  });
}

describe('summariseLatency', () => {
  it('gives p50 and p95 of the alert latency and of every step', () => {
    // Given 20 clips analysed after 1..20 s, of which the first 10 alerted 1 s after their verdict
    const clips = Array.from({ length: 20 }, (_, i) => clipWith((i + 1) * 1000, i < 10 ? (i + 2) * 1000 : null));

    // When summarised
    const summary = summariseLatency(clips);

    // Then the alert latency covers the 10 alerted clips, and each step its own clips (nearest rank)
    expect(summary).toStrictEqual({
      window: '24h',
      clips: 20,
      capped: false,
      p50Ms: 6000,
      p95Ms: 11_000,
      alerts: 10,
      perStep: {
        analyze: { count: 20, p50Ms: 10_000, p95Ms: 19_000 },
        'notification:mqtt': { count: 10, p50Ms: 6000, p95Ms: 11_000 },
      },
    });
  });

  it('leaves pending notifications out and reports null without alerts', () => {
    // Given one clip whose notification is still being retried
    const summary = summariseLatency([clipWith(2000, 5000, 'pending')], true);
    // Then there is no alert latency and no notification step, and the cap is reported
    expect(summary).toMatchObject({ clips: 1, capped: true, alerts: 0, p50Ms: null, p95Ms: null });
    expect(Object.keys(summary.perStep)).toStrictEqual(['analyze']);
  });
});
