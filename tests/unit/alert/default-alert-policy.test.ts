import { snakeCaseKeys } from '../../../server/src/config/camel-case-keys.js';
import { parseConfigSection } from '../../../server/src/config/schema.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CooldownTracker } from '../../../server/src/alert/cooldown-tracker.js';
import { DefaultAlertPolicy } from '../../../server/src/alert/default-alert-policy.js';
import { AlertsConfigSchema, type AlertsConfig } from '../../../server/src/config/sections/alerts-config.js';
import type { Clip, StageRecord } from '../../../server/src/core/clip.js';
import { SignalBus } from '../../../server/src/core/signal-bus.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { CameraArmingStore } from '../../../server/src/cameras/camera-arming-store.js';
import { LocalSettings } from '../../../server/src/store/local-settings.js';
import { LocalDb } from '../../../server/src/store/local-db.js';
import { makeAnalysis, makeClip, makeDetection } from '../../support/factories.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { evidenceOfClip } from '../../support/clip-evidence.js';

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

/** The policy's word on what one whole clip shows (its event's evidence). */
function decide(p: DefaultAlertPolicy, clip: Clip, now: Date) {
  return p.decideOn(evidenceOfClip(clip), now);
}

function policy(config: Partial<AlertsConfig> = {}): DefaultAlertPolicy {
  return new DefaultAlertPolicy({
    config: parseConfigSection(AlertsConfigSchema, snakeCaseKeys(config)),
    triggerLabels: ['person'],
    arming,
    cooldown: new CooldownTracker(db),
    log,
  });
}

const at = (h: number, m = 0, s = 0) => new Date(2026, 10, 21, h, m, s);
const stage = (outcome: StageRecord['outcome'], reason: string): StageRecord => ({
  outcome,
  reason,
  ms: 5,
  at: '2026-11-21T10:00:00.000Z',
  attempts: 1,
});

function analyzed(risk: 'low' | 'medium' | 'high' | 'critical', overrides: Partial<Clip> = {}): Clip {
  return makeClip({
    detection: makeDetection(['person']),
    analysis: makeAnalysis({ riskLevel: risk, activity: 'normal_visitor' }),
    stages: { analyze: stage('ok', '') },
    ...overrides,
  });
}

describe('DefaultAlertPolicy', () => {
  it('alerts at or above min_risk, and on activities that always alert', () => {
    // Given the default policy (min medium, dangerous_activity always alerts)
    const p = policy();

    // When clips of each kind are decided, Then the decision and reason say why
    expect(decide(p, analyzed('medium'), at(10))).toMatchObject({ alert: true, reason: 'risk_at_or_above_min' });
    expect(decide(p, analyzed('low', { camera: 'garden' }), at(10))).toMatchObject({
      alert: false,
      reason: 'below_min_risk',
      detail: expect.stringContaining('low is below medium'),
    });
    const dangerous = makeClip({ camera: 'yard', analysis: makeAnalysis({ riskLevel: 'low', activity: 'dangerous_activity' }) });
    expect(decide(p, dangerous, at(10))).toMatchObject({ alert: true, reason: 'activity_always_alerts' });
  });

  it('falls back to the detector when the VLM failed or was skipped, saying so', () => {
    // Given clips without analysis
    const p = policy({ cooldownS: 0 });
    const failed = makeClip({
      detection: makeDetection(['person', 'car']),
      stages: { analyze: stage('failed', 'vlm_timeout: VLM request timed out after 3 attempts') },
    });
    const overBudget = makeClip({ detection: makeDetection(['person']), stages: { analyze: stage('skipped', 'budget_exceeded') } });
    const carOnly = makeClip({
      detection: makeDetection(['car'], { triggered: false }),
      stages: { analyze: stage('skipped', 'no_trigger_label') },
    });

    // When decided, Then a trigger label alerts with a reason naming the VLM problem
    expect(decide(p, failed, at(10))).toMatchObject({
      alert: true,
      reason: 'trigger_label_vlm_failed',
      detail: expect.stringContaining('vlm_timeout'),
    });
    expect(decide(p, overBudget, at(10))).toMatchObject({
      alert: true,
      reason: 'trigger_label_vlm_skipped',
      detail: expect.stringContaining('budget_exceeded'),
    });
    expect(decide(p, carOnly, at(10))).toMatchObject({ alert: false, reason: 'no_trigger_label' });
    // ...and a person the detector did not confirm moving (one frame, or standing still all along) alerts nothing either
    const unconfirmed = makeClip({
      detection: makeDetection(['person'], { triggered: false }),
      stages: { analyze: stage('skipped', 'budget_exceeded') },
    });
    expect(decide(p, unconfirmed, at(10))).toMatchObject({
      alert: false,
      reason: 'no_trigger_label',
      detail: expect.stringContaining('did not confirm'),
    });

    // And with detector-only alerting switched off, no alert and the reason says so
    expect(decide(policy({ alertOnTriggerWithoutAnalysis: false }), overBudget, at(10))).toMatchObject({
      alert: false,
      reason: 'no_analysis',
    });
  });

  it('cooldown holds back the same or lower risk but never a higher one, and survives a restart', () => {
    // Given a 120 s cooldown and a medium alert at 10:00:00
    const p = policy({ cooldownS: 120 });
    expect(decide(p, analyzed('medium'), at(10, 0, 0)).alert).toBe(true);

    // When another medium clip comes 60 s later, Then it is held back by the cooldown
    expect(decide(p, analyzed('medium'), at(10, 1, 0))).toMatchObject({
      alert: false,
      reason: 'cooldown',
      detail: expect.stringContaining('alerted 60 s ago at risk medium'),
    });

    // When a high-risk clip comes 70 s after the first, Then it alerts despite the cooldown
    expect(decide(p, analyzed('high'), at(10, 1, 10))).toMatchObject({ alert: true, reason: 'risk_at_or_above_min' });

    // When the app restarts (a new policy on the same local db) and a high clip comes 30 s later, Then still cooled down
    expect(decide(policy({ cooldownS: 120 }), analyzed('high'), at(10, 1, 40))).toMatchObject({ alert: false, reason: 'cooldown' });

    // When the cooldown is over, Then medium alerts again; another camera was never affected
    expect(decide(p, analyzed('medium'), at(10, 3, 11)).alert).toBe(true);
    expect(decide(p, analyzed('medium', { camera: 'garden' }), at(10, 3, 12)).alert).toBe(true);
  });

  it('does not cool down a clip against its own alert when it is decided again after a restart', () => {
    // Given a clip that alerted
    const clip = analyzed('medium');
    expect(decide(policy(), clip, at(10)).alert).toBe(true);

    // When the same clip is decided again (crash before the decision was stored), Then it still alerts
    expect(decide(policy(), clip, at(10, 0, 5))).toMatchObject({ alert: true, reason: 'risk_at_or_above_min' });
  });

  it('quiet hours (over midnight) let only the configured risk or higher through', () => {
    // Given quiet hours 23:00-07:00 for all but critical
    const p = policy({ cooldownS: 0, quietHours: { start: '23:00', end: '07:00', minRisk: 'critical' } });

    // When clips come at night and by day, Then high is held back at night, critical is not, and day is normal
    expect(decide(p, analyzed('high'), at(23, 30))).toMatchObject({
      alert: false,
      reason: 'quiet_hours',
      detail: expect.stringContaining('23:00-07:00'),
    });
    expect(decide(p, analyzed('high'), at(2, 0))).toMatchObject({ alert: false, reason: 'quiet_hours' });
    expect(decide(p, analyzed('critical'), at(2, 0))).toMatchObject({ alert: true, reason: 'risk_at_or_above_min' });
    expect(decide(p, analyzed('high'), at(7, 0))).toMatchObject({ alert: true });

    // And a detector-only alert (no VLM risk) is held back at night
    const detectorOnly = makeClip({ detection: makeDetection(['person']), stages: { analyze: stage('skipped', 'circuit_open') } });
    expect(decide(p, detectorOnly, at(23, 59))).toMatchObject({ alert: false, reason: 'quiet_hours' });
  });

  it('a disarmed camera does not alert and the detail says what would have', () => {
    // Given the front door disarmed (persisted flag)
    arming.setArmed('front_door', false);

    // When a critical clip arrives there, Then it is held back as disarmed
    expect(decide(policy(), analyzed('critical'), at(10))).toMatchObject({
      alert: false,
      reason: 'disarmed',
      detail: expect.stringContaining('would have alerted: VLM risk critical'),
    });

    // When it is armed again, Then the same clip alerts
    arming.setArmed('front_door', true);
    expect(decide(policy(), analyzed('critical'), at(10)).alert).toBe(true);
  });

  it('applies a per-camera override to its camera only, and only the fields it sets', () => {
    // Given driveway requiring high risk, with no cooldown of its own
    const p = policy({ cooldownS: 600, overrides: [{ camera: 'driveway', minRisk: 'high', cooldownS: 0 }] });

    // When medium clips come on both cameras, Then only the front door alerts
    expect(decide(p, analyzed('medium', { camera: 'driveway' }), at(10))).toMatchObject({
      alert: false,
      reason: 'below_min_risk',
      detail: expect.stringContaining('per-camera override: min_risk, cooldown_s'),
    });
    expect(decide(p, analyzed('medium'), at(10))).toMatchObject({ alert: true, reason: 'risk_at_or_above_min' });

    // When two high clips come on the driveway, Then both alert (its cooldown is 0), while the global always_alert list still applies there
    expect(decide(p, analyzed('high', { camera: 'driveway' }), at(10, 1)).alert).toBe(true);
    expect(decide(p, analyzed('high', { camera: 'driveway' }), at(10, 1, 5)).alert).toBe(true);
    const dangerous = makeClip({ camera: 'driveway', analysis: makeAnalysis({ riskLevel: 'low', activity: 'dangerous_activity' }) });
    expect(decide(p, dangerous, at(10, 2))).toMatchObject({ alert: true, reason: 'activity_always_alerts' });
  });
});
