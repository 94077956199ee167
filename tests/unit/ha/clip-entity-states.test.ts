import { describe, expect, it } from 'vitest';
import {
  clipLinks,
  eventAlertMessage,
  mediaLinks,
  personAttributes,
  summaryAttributes,
  summaryState,
  truncateState,
} from '../../../server/src/ha/clip-entity-states.js';
import { cameraDisplayName, cameraEntityId, hubDeviceId } from '../../../server/src/ha/entity-ids.js';
import { cameraOfArmedSet } from '../../../server/src/ha/ha-topics.js';
import { loadHaRules } from '../../support/ha-discovery-rules.js';
import { makeAnalysis, makeClip, makeDetection, makeEventOf } from '../../support/factories.js';

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
    alerted: true,
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
    const event = makeEventOf(clip);
    const sent = { key: 'new', phase: 'new' as const, at: clip.startedAt, reason: 'risk_at_or_above_min', deliveries: {} };
    const alert = eventAlertMessage(event, sent, 1, clip.id, mediaLinks(clip.mediaPath, clip.snapshotPath, '/media/homesec'));
    for (const payload of [personAttributes(clip), summaryAttributes(clip, links), alert]) {
      for (const key of Object.keys(payload)) expect(blocked, key).not.toContain(key);
    }
    expect(summaryState(clip)).toBe('A courier left a parcel.');
    expect(personAttributes(clip)).toMatchObject({ label: 'person', confidence: 0.9, labels: ['person', 'dog'], clip_id: 'clip_1' });
  });

  it('names an alert before the verdict "unrated" with a readable title, and says which event and phase it is', () => {
    // Given the early alert of a live event: detections, no clip and no VLM verdict yet
    const early = { ...makeEventOf({ ...clip, analysis: null }), clipIds: [] };
    const sent = { key: 'new', phase: 'new' as const, at: clip.startedAt, reason: 'early_detection', deliveries: {} };
    // When the alert entity's message is built
    const message = eventAlertMessage(early, sent, 1, null, mediaLinks(null, early.snapshotPath, '/media/homesec'));
    // Then the event type says unrated, the title names what was seen as MQTT and email do, and event id and phase let HA replace it later
    expect(message).toMatchObject({
      event_type: 'unrated',
      title: 'Person, Dog at front door',
      risk_level: null,
      event_id: early.id,
      phase: 'new',
      sequence: 1,
      clip: null,
      clip_id: null,
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
