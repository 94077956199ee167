import { describe, expect, it } from 'vitest';
import { toClipDetail, toClipSummary } from '../../../server/src/http/clip-views.js';
import { makeAnalysis, makeClip, makeDetection, makeEvent } from '../../support/factories.js';

describe('clip views', () => {
  it('summarises a clip for the timeline', () => {
    // Given an analysed, alerted clip with a thumbnail
    const clip = makeClip({
      id: 'c1',
      detection: makeDetection(['person', 'dog']),
      analysis: makeAnalysis({ title: 'Visitor', riskLevel: 'high' }),
      alerted: true,
      thumbnailPath: 'front_door/2026-11-21/c1.jpg',
      stages: { detect: { outcome: 'ok', reason: null, ms: 120, at: '2026-11-21T10:00:01Z', attempts: 1 } },
    });
    // When summarised / Then the row carries labels, risk, title, alert and stage progress
    expect(toClipSummary(clip)).toMatchObject({
      id: 'c1',
      labels: ['person', 'dog'],
      riskLevel: 'high',
      title: 'Visitor',
      alerted: true,
      hasThumbnail: true,
      hasSnapshot: false,
      stages: { detect: { outcome: 'ok', ms: 120 } },
    });
  });

  it('gives lifecycle events in time order with the time between them', () => {
    // Given events recorded out of order
    const clip = makeClip({ id: 'c2', analysis: makeAnalysis({ usage: { promptTokens: 1, completionTokens: 1, costUsd: 0.0123 } }) });
    const events = [
      makeEvent('c2', { type: 'clip_done', at: '2026-11-21T10:00:03.500Z' }),
      makeEvent('c2', { type: 'clip_received', at: '2026-11-21T10:00:00.000Z' }),
      makeEvent('c2', { type: 'clip_stored', at: '2026-11-21T10:00:00.250Z' }),
    ];
    // When the detail is built
    const detail = toClipDetail(clip, events);
    // Then each entry knows its offset from the first and from the previous step, and the cost is the VLM's
    expect(detail.lifecycle.map((e) => [e.type, e.sinceStartMs, e.sincePreviousMs])).toStrictEqual([
      ['clip_received', 0, null],
      ['clip_stored', 250, 250],
      ['clip_done', 3500, 3250],
    ]);
    expect(detail.costUsd).toBe(0.0123);
  });
});
