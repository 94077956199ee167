import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArmingMode, ModeDecision } from '../../../server/src/cameras/arming-mode.js';
import { CameraArmingStore } from '../../../server/src/cameras/camera-arming-store.js';
import { ScheduleClock } from '../../../server/src/cameras/schedule-clock.js';
import { SignalBus } from '../../../server/src/core/signal-bus.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { LocalDb } from '../../../server/src/store/local-db.js';
import { LocalSettings } from '../../../server/src/store/local-settings.js';
import { makeTempDir } from '../../support/temp-dir.js';

const log = createLogger('silent');
const CAMERAS = ['front_door', 'garage'] as const;

type Step =
  | { readonly kind: 'decide'; readonly decision: ModeDecision }
  | { readonly kind: 'set'; readonly camera: (typeof CAMERAS)[number]; readonly armed: boolean }
  | { readonly kind: 'restart' };

const awaySteps: fc.Arbitrary<Step> = fc.oneof(
  fc.constantFrom<ModeDecision>({ armed: true, reason: 'nobody_home' }, { armed: false, reason: 'someone_home' }).map((decision) => ({
    kind: 'decide' as const,
    decision,
  })),
  fc.record({ kind: fc.constant('set' as const), camera: fc.constantFrom(...CAMERAS), armed: fc.boolean() }),
  fc.constant({ kind: 'restart' as const }),
);

describe('the arming store under an automatic mode (real local database)', () => {
  const tmp = makeTempDir('homesec-arming-');
  let run = 0;
  afterAll(() => tmp.remove());

  /** A fresh data folder per run; `open` makes a store on it as HomeSec does at each start. */
  const freshStore = (mode: ArmingMode) => {
    const db = LocalDb.open(`${tmp.path}/run-${run++}`);
    const bus = new SignalBus(log);
    const announced: string[] = [];
    bus.on(announced, 'camera.armedChanged', (camera) => {
      announced.push(camera);
    });
    const open = () => new CameraArmingStore(new LocalSettings(db), bus, { cameras: [...CAMERAS], mode });
    return { db, announced, open };
  };

  it('holds a manual override until the decision changes, across restarts, and announces every change', () => {
    fc.assert(
      fc.property(fc.array(awaySteps, { maxLength: 25 }), (steps) => {
        // Given mode away on a fresh data folder
        const { db, announced, open } = freshStore('away');
        let store = open();
        let decision: ModeDecision | null = null;
        const overridden = new Set<string>();
        try {
          for (const step of steps) {
            const before = CAMERAS.map((c) => `${store.isArmed(c)}:${store.armedReason(c)}`);
            announced.length = 0;
            // When the house changes, the user flips a camera, or HomeSec restarts
            if (step.kind === 'decide') {
              const changed = decision === null || decision.armed !== step.decision.armed;
              store.decide(step.decision);
              if (changed) overridden.clear();
              decision = step.decision;
            } else if (step.kind === 'set') {
              store.setArmed(step.camera, step.armed);
              if (decision !== null && step.armed !== decision.armed) overridden.add(step.camera);
              else overridden.delete(step.camera);
              // Then the camera is in the state the user chose
              expect(store.isArmed(step.camera)).toBe(step.armed);
            } else {
              store.stop();
              store = open();
            }
            // Then each camera follows the decision unless overridden since its last change
            for (const camera of CAMERAS) {
              const reason = store.armedReason(camera);
              if (decision === null) expect(reason).toBe('manual');
              else if (overridden.has(camera)) expect(reason).toBe('manual_override');
              else expect([reason, store.isArmed(camera)]).toStrictEqual([decision.reason, decision.armed]);
            }
            // And every camera whose state or reason changed was announced (a restart announces nothing itself)
            const after = CAMERAS.map((c) => `${store.isArmed(c)}:${store.armedReason(c)}`);
            const changed = CAMERAS.filter((_c, i) => before[i] !== after[i]);
            expect([...new Set(announced)].sort()).toStrictEqual(step.kind === 'restart' ? [] : [...changed].sort());
          }
        } finally {
          store.stop();
          db.stop();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('in mode manual ignores decisions: the switch alone decides, as before', () => {
    // Given mode manual and a disarmed camera
    const { db, announced, open } = freshStore('manual');
    const store = open();
    store.setArmed('garage', false);
    announced.length = 0;
    // When a decision arrives (none should: the mode has no follower, but the store must not care)
    store.decide({ armed: true, reason: 'nobody_home' });
    // Then nothing changed and nothing was announced
    expect([store.isArmed('garage'), store.armedReason('garage'), store.isArmed('front_door')]).toStrictEqual([false, 'manual', true]);
    expect(announced).toStrictEqual([]);
    store.stop();
    db.stop();
  });
});

describe('a snooze under mode away', () => {
  let db: LocalDb;
  const tmp = makeTempDir('homesec-arming-snooze-');
  beforeAll(() => {
    db = LocalDb.open(tmp.path);
  });
  afterAll(() => {
    db.stop();
    tmp.remove();
  });

  it('still pauses an armed camera; the reason stays the decision', () => {
    // Given nobody home (armed)
    const store = new CameraArmingStore(new LocalSettings(db), new SignalBus(log), { cameras: [...CAMERAS], mode: 'away' });
    store.decide({ armed: true, reason: 'nobody_home' });
    // When the front door is snoozed for an hour
    store.snooze('front_door', new Date(Date.now() + 3_600_000));
    // Then it does not alert, the garage does, and both say why they are armed
    expect([store.isArmed('front_door'), store.isArmed('garage')]).toStrictEqual([false, true]);
    expect([store.armedReason('front_door'), store.armedReason('garage')]).toStrictEqual(['nobody_home', 'nobody_home']);
    store.stop();
  });
});

describe('mode schedule', () => {
  const tmp = makeTempDir('homesec-arming-schedule-');
  afterAll(() => tmp.remove());

  it('arms inside the quiet-hours window from the start, and the switch overrides until the window turns', () => {
    // Given mode schedule with a window 22:00-06:00, and a clock at 23:00
    const db = LocalDb.open(tmp.path);
    const store = new CameraArmingStore(new LocalSettings(db), new SignalBus(log), { cameras: [...CAMERAS], mode: 'schedule' });
    let now = new Date(2026, 11, 7, 23, 0);
    const clock = new ScheduleClock({
      window: { start: '22:00', end: '06:00', minRisk: 'critical' },
      decide: (d) => store.decide(d),
      now: () => now,
    });
    try {
      // When the clock starts / Then every camera is armed by the schedule
      clock.start();
      expect([store.isArmed('front_door'), store.armedReason('front_door')]).toStrictEqual([true, 'schedule']);
      // When the user disarms the garage / Then that holds while the window lasts
      store.setArmed('garage', false);
      expect([store.isArmed('garage'), store.armedReason('garage')]).toStrictEqual([false, 'manual_override']);
      // When the window has closed at the next start (a restart at 07:00) / Then the schedule decides again: disarmed
      clock.stop();
      now = new Date(2026, 11, 8, 7, 0);
      clock.start();
      expect([store.isArmed('garage'), store.armedReason('garage')]).toStrictEqual([false, 'schedule']);
      expect([store.isArmed('front_door'), store.armedReason('front_door')]).toStrictEqual([false, 'schedule']);
    } finally {
      clock.stop();
      store.stop();
      db.stop();
    }
  });
});
