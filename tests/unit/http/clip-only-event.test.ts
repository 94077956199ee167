import { describe, expect, it } from 'vitest';
import { clipOnlyEventDetail } from '../../../server/src/http/clip-only-event.js';
import { EventDetailSchema } from '../../../server/src/http/contract.js';
import { makeClip, makeDetection } from '../../support/factories.js';

describe('the event view of a clip from before events existed', () => {
  it('is read-only, closed and ended when the clip is through, with no moment when no frame had a detection', () => {
    // Given a finished clip whose detector found nothing to box, that did not alert
    const clip = makeClip({ id: 'old_1', durationS: 8, detection: makeDetection([]) });
    // When its event view is made
    const detail = EventDetailSchema.parse(clipOnlyEventDetail(clip));
    // Then it is a closed, read-only event of that clip alone, without moments, alerts or a decision
    expect(detail).toMatchObject({ readOnly: true, alerted: false, clips: [{ id: 'old_1', eventId: null }] });
    expect(detail.event).toMatchObject({
      id: 'old_1',
      status: 'closed',
      endedAt: '2026-11-21T10:00:08.000Z',
      detectorRan: true,
      triggered: false,
      moments: [],
      decision: null,
      alerts: [],
      openClipIds: [],
      endReason: 'clip_done',
      analysisSource: null,
    });
  });

  it('is still going on while the clip is in the pipeline', () => {
    // Given a clip still being processed, not yet looked at by the detector
    const clip = makeClip({ id: 'old_2', status: 'processing', durationS: null });
    // When its event view is made / Then the event is active, its clip open, its end unknown
    const { event } = clipOnlyEventDetail(clip);
    expect(event).toMatchObject({ status: 'active', endedAt: null, detectorRan: false, openClipIds: ['old_2'], endReason: null });
  });
});
