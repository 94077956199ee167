import { describe, expect, it } from 'vitest';
import {
  alertEvent,
  clipLinks,
  personAttributes,
  summaryAttributes,
  summaryState,
  truncateState,
} from '../../../server/src/ha/clip-entity-states.js';
import { cameraDisplayName, cameraEntityId, hubDeviceId } from '../../../server/src/ha/entity-ids.js';
import { cameraOfArmedSet } from '../../../server/src/ha/ha-topics.js';
import { loadHaRules } from '../../support/ha-discovery-rules.js';
import { makeAnalysis, makeClip, makeDetection } from '../../support/factories.js';

describe('truncateState', () => {
  it('keeps short text, and cuts long text to 255 characters on a code point boundary', () => {
    // Given short text, long text and text with emoji (two UTF-16 units each)
    // Then short text passes (whitespace folded), long text ends in an ellipsis at 255 code points
    expect(truncateState('  A person\n at the door ')).toBe('A person at the door');
    const cut = truncateState('x'.repeat(300));
    expect([...cut]).toHaveLength(255);
    expect(cut.endsWith('…')).toBe(true);
    const emoji = truncateState('📦'.repeat(300));
    expect([...emoji]).toHaveLength(255);
    expect(emoji.slice(0, 2)).toBe('📦');
  });
});

describe('clip payloads', () => {
  const clip = makeClip({
    id: 'clip_1',
    snapshotPath: 'front_door/2026-11-21/clip_1.jpg',
    detection: makeDetection(['person', 'dog']),
    analysis: makeAnalysis({ title: 'Courier', summary: 'A courier left a parcel.', riskLevel: 'low' }),
    decision: { alert: true, reason: 'risk_at_or_above_min', detail: 'x' },
  });

  it('links clips to the media browser only when they live under /media', () => {
    // Given the add-on media folder and a standalone one
    // Then media-source ids are built for the first only
    expect(clipLinks(clip, '/media/homesec')).toStrictEqual({
      clip: 'front_door/2026-11-21/clip.mp4',
      snapshot: 'front_door/2026-11-21/clip_1.jpg',
      clipMediaId: 'media-source://media_source/local/homesec/front_door/2026-11-21/clip.mp4',
      snapshotMediaId: 'media-source://media_source/local/homesec/front_door/2026-11-21/clip_1.jpg',
    });
    expect(clipLinks(clip, '/srv/homesec/media').clipMediaId).toBeNull();
  });

  it('builds attribute objects Home Assistant keeps (no blocked names)', () => {
    // Given every attribute payload
    const blocked = loadHaRules().mqtt_common.attributes_blocked;
    const links = clipLinks(clip, '/media/homesec');
    // Then none uses a name HA drops
    for (const payload of [personAttributes(clip), summaryAttributes(clip, links), alertEvent(clip, links)]) {
      for (const key of Object.keys(payload)) expect(blocked, key).not.toContain(key);
    }
    expect(summaryState(clip)).toBe('A courier left a parcel.');
    expect(personAttributes(clip)).toMatchObject({ label: 'person', confidence: 0.9, labels: ['person', 'dog'], clip_id: 'clip_1' });
  });

  it('names a detector-only alert "unrated" with a readable title', () => {
    // Given an alert without a VLM verdict
    const detectorOnly = { ...clip, analysis: null };
    // Then the event type says so and the title comes from the label
    expect(alertEvent(detectorOnly, clipLinks(detectorOnly, '/media/homesec'))).toMatchObject({
      event_type: 'unrated',
      title: 'Person at front door',
      risk_level: null,
    });
  });
});

describe('entity ids and topics', () => {
  it('derives ids from the topic prefix and parses switch command topics strictly', () => {
    expect(hubDeviceId('homesec')).toBe('homesec');
    expect(cameraEntityId('homesec', 'front_door', 'motion')).toBe('homesec_front_door_motion');
    expect(cameraEntityId('Home/Sec', 'front_door', 'motion')).toBe('homesec_home_sec_front_door_motion');
    expect(cameraDisplayName('front_door_2')).toBe('Front door 2');
    expect(cameraOfArmedSet('homesec', 'homesec/camera/front_door/armed/set')).toBe('front_door');
    expect(cameraOfArmedSet('homesec', 'homesec/camera/a/b/armed/set')).toBeNull();
    expect(cameraOfArmedSet('homesec', 'other/camera/a/armed/set')).toBeNull();
  });
});
