import { describe, expect, it } from 'vitest';
import { renderAlertEmail } from '../../../server/src/notify/alert-email.js';
import { AlertPayloadSchema, buildAlertPayload, isoWithOffset } from '../../../server/src/notify/alert-payload.js';
import { escapeHtml } from '../../../server/src/notify/escape-html.js';
import { alertMessageFor, makeAnalysis, makeClip, makeDetection, makeEventOf } from '../../support/factories.js';

describe('alert payload', () => {
  it('describes a detector-only alert without a VLM verdict', () => {
    // Given a clip that alerted on the detector because the VLM was over budget
    const clip = makeClip({ detection: makeDetection(['person', 'dog']), alerted: true });
    const decision = { alert: true, reason: 'trigger_label_vlm_skipped', detail: 'detector saw person; VLM skipped (budget_exceeded)' };

    // When the first message of its event is built without a public URL
    const payload = buildAlertPayload(makeEventOf(clip, { decision }), 'new', 1, '');

    // Then the risk is unrated, activity null, the title names what was seen, links are null
    expect(payload).toMatchObject({
      event_id: `evt_${clip.id}`,
      phase: 'new',
      sequence: 1,
      risk_level: 'unrated',
      activity: null,
      title: 'Person, Dog at front door',
      summary: 'detector saw person; VLM skipped (budget_exceeded)',
      reason: 'trigger_label_vlm_skipped',
      clip_url: null,
      snapshot_url: null,
      labels: ['person', 'dog'],
      zones: [],
    });
    expect(AlertPayloadSchema.safeParse(payload).success).toBe(true);
  });

  it("names the zones the event's objects entered, in the payload and the email", () => {
    // Given an event whose person walked into the driveway, then onto the porch
    const clip = makeClip({ detection: makeDetection(['person']), alerted: true });

    // When its first message and its email are built
    const message = alertMessageFor(clip, 'new', '', { zones: ['driveway', 'porch'] });
    const payload = message.payload;
    const email = renderAlertEmail(message, false);

    // Then both name the zones, first entered first
    expect(payload.zones).toEqual(['driveway', 'porch']);
    expect(email.text).toContain('Zones: driveway, porch');
  });

  it('writes times in ISO 8601 with a numeric offset that round-trips', () => {
    // Given an instant, When formatted, Then it has an offset and means the same instant
    const text = isoWithOffset(new Date('2026-11-21T10:00:00.000Z'));
    expect(text).toMatch(/^2026-11-21T\d\d:00:00\.000[+-]\d\d:\d\d$/);
    expect(new Date(text).toISOString()).toBe('2026-11-21T10:00:00.000Z');
  });
});

describe('alert email', () => {
  it('escapes HTML and keeps a model-made title from adding header lines', () => {
    // Given a title with a line break and markup
    const clip = makeClip({
      analysis: makeAnalysis({ title: 'Hi\r\nBcc: evil@example.com', summary: '<b>x</b>' }),
      alerted: true,
    });

    // When rendered
    const email = renderAlertEmail(alertMessageFor(clip), false);

    // Then the subject is one line and the body has no raw markup from the model
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;');
  });
});
