import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snakeCaseKeys } from '../../../server/src/config/camel-case-keys.js';
import { parseConfigSection } from '../../../server/src/config/schema.js';
import { AlertsConfigSchema } from '../../../server/src/config/sections/alerts-config.js';
import { CameraArmingStore } from '../../../server/src/cameras/camera-arming-store.js';
import { CooldownTracker } from '../../../server/src/alert/cooldown-tracker.js';
import { DefaultAlertPolicy } from '../../../server/src/alert/default-alert-policy.js';
import { FeedbackRules } from '../../../server/src/alert/feedback-rules.js';
import { areaAround, matchAnalysisSkip, matchRules } from '../../../server/src/alert/rule-match.js';
import type { AlertEvidence, EvidenceDetection } from '../../../server/src/core/alert-evidence.js';
import { SignalBus } from '../../../server/src/core/signal-bus.js';
import { ruleExpiry, type FeedbackRule } from '../../../server/src/core/feedback-rule.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { LocalDb } from '../../../server/src/store/local-db.js';
import { LocalSettings } from '../../../server/src/store/local-settings.js';
import { makeAnalysis } from '../../support/factories.js';
import { makeTempDir } from '../../support/temp-dir.js';

const log = createLogger('silent');
const frame = { frameWidth: 1000, frameHeight: 500 };
const seen = (label: string, box: [number, number, number, number]): EvidenceDetection => ({ label, box, ...frame });

function evidence(detections: EvidenceDetection[], overrides: Partial<AlertEvidence> = {}): AlertEvidence {
  return {
    id: 'evt_1',
    camera: 'driveway',
    analysis: null,
    detected: true,
    labels: [...new Set(detections.map((d) => d.label))],
    triggered: detections.length > 0,
    detections,
    vlm: { state: 'failed', reason: 'vlm_timeout' },
    ...overrides,
  };
}

const rule = (overrides: Partial<FeedbackRule>): FeedbackRule => ({
  id: 'rule_1',
  camera: 'driveway',
  label: 'car',
  area: null,
  fromEventId: null,
  createdAt: '2026-11-21T10:00:00.000Z',
  expiresAt: null,
  skipAnalysis: false,
  hits: 0,
  lastHitAt: null,
  ...overrides,
});

describe('matchRules', () => {
  const parked: [number, number, number, number] = [100, 100, 300, 200];
  const area = areaAround(parked, frame.frameWidth, frame.frameHeight);

  it('grows the area around a box by half its size each side, inside the frame', () => {
    expect(area).toStrictEqual([0, 0.1, 0.4, 0.5]);
  });

  it('ignores a label that stays inside the area, not one that leaves it, and never another camera', () => {
    // Given a rule "ignore car in this area of driveway"
    const rules = [rule({ area })];
    // Then a car parked there matches; a car that also drove out of it does not; another camera never
    expect(matchRules(evidence([seen('car', [120, 110, 290, 190])]), rules, ['car'])?.rules).toStrictEqual(rules);
    expect(matchRules(evidence([seen('car', [120, 110, 290, 190]), seen('car', [700, 300, 900, 450])]), rules, ['car'])).toBeNull();
    expect(matchRules(evidence([seen('car', parked)], { camera: 'garden' }), rules, ['car'])).toBeNull();
  });

  it('needs every label that would alert to be ignored', () => {
    // Given a camera-wide "ignore the cat"
    const rules = [rule({ label: 'cat' })];
    // Then the cat alone matches, the cat with a person does not
    expect(matchRules(evidence([seen('cat', parked)]), rules, ['cat'])).not.toBeNull();
    expect(matchRules(evidence([seen('cat', parked), seen('person', parked)]), rules, ['cat', 'person'])).toBeNull();
  });

  it('never matches a critical verdict or an always-alert activity, whatever the rules say', () => {
    // Given "ignore person on driveway"
    const rules = [rule({ label: 'person' })];
    const person = [seen('person', parked)];
    const limits = { alwaysAlertActivities: ['dangerous_activity'], now: new Date('2026-11-22T10:00:00Z') };
    // Then a low-risk passer-by matches, a critical verdict and a dangerous activity do not
    const low = makeAnalysis({ riskLevel: 'low', activity: 'passerby' });
    expect(matchRules(evidence(person, { analysis: low }), rules, ['person'], limits)).not.toBeNull();
    const critical = makeAnalysis({ riskLevel: 'critical', activity: 'suspicious_behavior' });
    expect(matchRules(evidence(person, { analysis: critical }), rules, ['person'], limits)).toBeNull();
    const dangerous = makeAnalysis({ riskLevel: 'low', activity: 'dangerous_activity' });
    expect(matchRules(evidence(person, { analysis: dangerous }), rules, ['person'], limits)).toBeNull();
  });

  it('stops applying a rule once it expired', () => {
    // Given "ignore the cat" for one day from 22 November 10:00
    const made = new Date('2026-11-22T10:00:00Z');
    const rules = [rule({ label: 'cat', expiresAt: ruleExpiry('1d', made) })];
    const cat = evidence([seen('cat', parked)]);
    // Then it matches that evening, not the next day after 10:00
    expect(matchRules(cat, rules, ['cat'], { alwaysAlertActivities: [], now: new Date('2026-11-22T20:00:00Z') })).not.toBeNull();
    expect(matchRules(cat, rules, ['cat'], { alwaysAlertActivities: [], now: new Date('2026-11-23T10:00:01Z') })).toBeNull();
    expect(ruleExpiry('1w', made)).toBe('2026-11-29T10:00:00.000Z');
    expect(ruleExpiry('forever', made)).toBeNull();
  });

  it('lets only rules marked skipAnalysis skip the vision-model call', () => {
    // Given "ignore the cat" twice over: one rule without and one with skipAnalysis
    const now = new Date('2026-11-22T10:00:00Z');
    const cat = evidence([seen('cat', parked)]);
    // Then only the second lets the call be skipped, and only for what it ignores
    expect(matchAnalysisSkip(cat, [rule({ label: 'cat' })], ['cat'], now)).toBeNull();
    const skipping = [rule({ label: 'cat', skipAnalysis: true })];
    expect(matchAnalysisSkip(cat, skipping, ['cat'], now)?.rules).toStrictEqual(skipping);
    expect(matchAnalysisSkip(evidence([seen('cat', parked), seen('person', parked)]), skipping, ['cat', 'person'], now)).toBeNull();
  });
});

describe('DefaultAlertPolicy with feedback rules', () => {
  let dir: { path: string; remove: () => void };
  let db: LocalDb;
  let rules: FeedbackRules;
  let policy: DefaultAlertPolicy;

  beforeEach(() => {
    dir = makeTempDir();
    db = LocalDb.open(dir.path);
    rules = new FeedbackRules(db);
    policy = new DefaultAlertPolicy({
      config: parseConfigSection(AlertsConfigSchema, snakeCaseKeys({ cooldownS: 0 })),
      triggerLabels: ['person', 'car'],
      arming: new CameraArmingStore(new LocalSettings(db), new SignalBus(log)),
      cooldown: new CooldownTracker(db),
      rules,
      log,
    });
  });
  afterEach(() => {
    db.stop();
    dir.remove();
  });

  it('does not alert on what a rule ignores, and names the rule', () => {
    // Given the rule "ignore car in this area of driveway", added through the local table
    const added = rules.add({ camera: 'driveway', label: 'car', area: [0, 0.1, 0.4, 0.5], fromEventId: 'evt_0' });
    // When a car parks there again (a detector-only alert otherwise)
    const decision = policy.decideOn(evidence([seen('car', [120, 110, 290, 190])]), new Date());
    // Then no alert, with the reason and the rule in words
    expect(decision).toStrictEqual({
      alert: false,
      reason: 'ignored_by_rule',
      detail: `your rule "ignore car in an area of driveway (0–40% across, 10–50% down)" (rule ${added.id}) covers what was seen (car), so it did not alert`,
    });
  });

  it('still alerts when something else was seen, or once the rule is removed', () => {
    const added = rules.add({ camera: 'driveway', label: 'car', area: null, fromEventId: null });
    // When a person walks past the ignored car / Then it alerts
    const both = evidence([seen('car', [0, 0, 10, 10]), seen('person', [500, 100, 550, 300])]);
    expect(policy.decideOn(both, new Date())).toMatchObject({ alert: true });
    // When the rule is removed / Then the car alone alerts again
    expect(rules.delete(added.id)).toBe(true);
    expect(policy.decideOn(evidence([seen('car', [0, 0, 10, 10])]), new Date())).toMatchObject({ alert: true });
  });

  it('still alerts on a critical verdict on a camera whose person is ignored (a rule cannot silence danger)', () => {
    // Given the false-alarm rule "ignore person on this camera"
    rules.add({ camera: 'driveway', label: 'person', area: null, fromEventId: 'evt_0' });
    const person = [seen('person', [500, 100, 550, 300])];
    // When the vision model calls a person there critical / does something dangerous at low risk
    const critical = evidence(person, { analysis: makeAnalysis({ riskLevel: 'critical', activity: 'suspicious_behavior' }) });
    const dangerous = evidence(person, { analysis: makeAnalysis({ riskLevel: 'low', activity: 'dangerous_activity' }) });
    // Then both alert; a harmless passer-by is still ignored
    expect(policy.decideOn(critical, new Date())).toMatchObject({ alert: true, reason: 'risk_at_or_above_min' });
    expect(policy.decideOn(dangerous, new Date())).toMatchObject({ alert: true, reason: 'activity_always_alerts' });
    const passerby = evidence(person, { analysis: makeAnalysis({ riskLevel: 'medium', activity: 'passerby' }) });
    expect(policy.decideOn(passerby, new Date()).reason).toBe('ignored_by_rule');
  });

  it('counts how many events a rule kept quiet, each event once, and keeps the count when the rule is renewed', () => {
    // Given "ignore car on driveway" for a day
    const now = new Date('2026-11-22T10:00:00Z');
    rules.add({ camera: 'driveway', label: 'car', area: null, fromEventId: null, expiresAt: ruleExpiry('1d', now) }, now);
    // When one event is decided three times (new, update, end) and another once
    const car = [seen('car', [0, 0, 10, 10])];
    for (let i = 0; i < 3; i++) policy.decideOn(evidence(car, { id: 'evt_a' }), now);
    policy.decideOn(evidence(car, { id: 'evt_b' }), now);
    // Then the rule says it fired twice, last at that moment
    expect(rules.list()).toMatchObject([{ hits: 2, lastHitAt: now.toISOString() }]);
    // And adding it again for ever keeps the count and takes the new expiry
    const renewed = rules.add({ camera: 'driveway', label: 'car', area: null, fromEventId: null, expiresAt: null });
    expect(renewed).toMatchObject({ hits: 2, expiresAt: null });
    expect(rules.list()).toMatchObject([{ hits: 2, expiresAt: null }]);
  });

  it('with a verdict on no trigger label, every label seen counts', () => {
    // Given "ignore the dog" and a high-risk verdict on a dog and a person
    rules.add({ camera: 'driveway', label: 'dog', area: null, fromEventId: null });
    const analysis = makeAnalysis({ riskLevel: 'high' });
    const dogAndPerson = evidence([seen('dog', [0, 0, 10, 10]), seen('person', [0, 0, 10, 10])], { analysis });
    // Then it alerts (the person, a trigger label, is not ignored); the dog alone does not
    expect(policy.decideOn(dogAndPerson, new Date()).alert).toBe(true);
    expect(policy.decideOn(evidence([seen('dog', [0, 0, 10, 10])], { analysis }), new Date()).reason).toBe('ignored_by_rule');
  });
});
