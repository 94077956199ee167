import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CooldownTracker } from '../../../server/src/alert/cooldown-tracker.js';
import { DefaultAlertPolicy } from '../../../server/src/alert/default-alert-policy.js';
import { CameraArmingStore } from '../../../server/src/cameras/camera-arming-store.js';
import { snakeCaseKeys } from '../../../server/src/config/camel-case-keys.js';
import { parseConfigSection } from '../../../server/src/config/schema.js';
import { AlertsConfigSchema } from '../../../server/src/config/sections/alerts-config.js';
import { evidenceOfEvent, type AlertEvidence } from '../../../server/src/core/alert-evidence.js';
import type { CameraEvent } from '../../../server/src/core/camera-event.js';
import { SignalBus } from '../../../server/src/core/signal-bus.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { LocalDb } from '../../../server/src/store/local-db.js';
import { LocalSettings } from '../../../server/src/store/local-settings.js';
import { makeAnalysis, makeClip, makeDetection, makeEventOf } from '../../support/factories.js';
import { makeTempDir } from '../../support/temp-dir.js';

const log = createLogger('silent');
let dir: { path: string; remove: () => void };
let db: LocalDb;
let arming: CameraArmingStore;

beforeEach(() => {
  dir = makeTempDir();
  db = LocalDb.open(dir.path);
  arming = new CameraArmingStore(new LocalSettings(db), new SignalBus(log));
});
afterEach(() => {
  db.stop();
  dir.remove();
});

/** The policy with `front_door` alerting only for its driveway (the YAML keys a user writes). */
function policy(): DefaultAlertPolicy {
  return new DefaultAlertPolicy({
    config: parseConfigSection(AlertsConfigSchema, { overrides: [{ camera: 'front_door', require_zones: ['driveway'] }], cooldown_s: 120 }),
    triggerLabels: ['person'],
    arming,
    cooldown: new CooldownTracker(db),
    log,
  });
}

/** A live event on `camera` whose person was confirmed moving and entered `zones`. */
function personEvent(camera: string, zones: string[] | undefined, overrides: Partial<CameraEvent> = {}): CameraEvent {
  const clip = makeClip({ camera, detection: makeDetection(['person']), analysis: null });
  return makeEventOf(clip, { source: 'rtsp', triggered: true, ...(zones ? { zones } : {}), ...overrides });
}

const pending: AlertEvidence['vlm'] = { state: 'pending', reason: null };
const now = new Date(2026, 10, 21, 12, 0, 0);

describe('DefaultAlertPolicy with alerts.overrides[].require_zones', () => {
  it('holds back the early alert of a person who walked only in the street, and sends it once they entered the driveway', () => {
    // Given front_door requires the driveway, and an event whose person has been only in the street so far
    const p = policy();
    const street = personEvent('front_door', ['street']);

    // When the early alert is decided
    const first = p.decideOn(evidenceOfEvent(street, pending), now);

    // Then it does not alert, and says which zone was required and where the person went
    expect(first).toMatchObject({ alert: false, reason: 'outside_required_zones' });
    expect(first.detail).toContain('alerts only for driveway');
    expect(first.detail).toContain('entered: only street');
    expect(first.detail).toContain('[per-camera override: require_zones]');

    // When the same event is decided again once the person entered the driveway
    const second = p.decideOn(evidenceOfEvent({ ...street, zones: ['street', 'driveway'] }, pending), now);

    // Then it alerts early (the first, held-back decision started no cooldown)
    expect(second).toMatchObject({ alert: true, reason: 'early_detection' });
  });

  it('holds back even a high-risk verdict outside the zone, and an event from before zones, but not another camera', () => {
    // Given front_door requires the driveway
    const p = policy();
    const verdict = makeAnalysis({ riskLevel: 'high', activity: 'suspicious_behavior' });

    // When a high-risk verdict comes for an event that entered no zone, and for one stored before events had zones
    const noZone = p.decideOn(evidenceOfEvent(personEvent('front_door', [], { analysis: verdict }), pending), now);
    const old = p.decideOn(evidenceOfEvent(personEvent('front_door', undefined, { analysis: verdict }), pending), now);

    // Then neither alerts: no trigger object entered the driveway
    expect(noZone).toMatchObject({ alert: false, reason: 'outside_required_zones', detail: expect.stringContaining('entered: none') });
    expect(old).toMatchObject({ alert: false, reason: 'outside_required_zones' });

    // When the same verdict comes for the garden camera, which requires no zone
    const garden = p.decideOn(evidenceOfEvent(personEvent('garden', [], { analysis: verdict }), pending), now);

    // Then it alerts as before
    expect(garden).toMatchObject({ alert: true, reason: 'risk_at_or_above_min' });
  });
});

describe('the require_zones setting', () => {
  it('is per camera only, and absent unless set', () => {
    // Given the alerts section with and without an override
    const parsed = parseConfigSection(
      AlertsConfigSchema,
      snakeCaseKeys({ overrides: [{ camera: 'front_door', requireZones: ['porch'] }] }),
    );
    // Then the override carries it, and the global settings have no such key
    expect(parsed.overrides[0]?.requireZones).toEqual(['porch']);
    expect(() => parseConfigSection(AlertsConfigSchema, { require_zones: ['porch'] })).toThrow(/require_zones/);
  });
});
