import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HOME_ZONE,
  awayDecision,
  decisionChanged,
  effectiveArming,
  overrideAfterManualSet,
  presenceOf,
  scheduleDecision,
  type ModeDecision,
} from '../../../server/src/cameras/arming-mode.js';
import { coreWebsocketTarget } from '../../../server/src/cameras/build-arming.js';
import { AlertsConfigSchema } from '../../../server/src/config/sections/alerts-config.js';
import { HomeAssistantConfigSchema } from '../../../server/src/config/sections/home-assistant-config.js';

const states = (entries: Record<string, string>) => new Map(Object.entries(entries));
const decisions: readonly ModeDecision[] = [
  { armed: true, reason: 'nobody_home' },
  { armed: false, reason: 'someone_home' },
  { armed: true, reason: 'schedule' },
  { armed: false, reason: 'schedule' },
];

describe('presence from Home Assistant states', () => {
  it('reads zone.home as the number of persons at home', () => {
    // Given zone.home states as HA 2024.x and later write them (a count) / Then 0 is nobody, more is someone
    expect(presenceOf(states({ [HOME_ZONE]: '0' }), [])).toBe('nobody_home');
    expect(presenceOf(states({ [HOME_ZONE]: '1' }), [])).toBe('someone_home');
    expect(presenceOf(states({ [HOME_ZONE]: '3' }), [])).toBe('someone_home');
    // And a missing, unknown or unavailable zone tells nothing
    expect(presenceOf(states({}), [])).toBe('unknown');
    expect(presenceOf(states({ [HOME_ZONE]: 'unknown' }), [])).toBe('unknown');
    expect(presenceOf(states({ [HOME_ZONE]: 'unavailable' }), [])).toBe('unknown');
  });

  it('with chosen entities, someone is home when any of them is home', () => {
    const chosen = ['person.ann', 'group.family', 'device_tracker.phone'];
    // Given the chosen entities / Then one at home is enough, all elsewhere is nobody, none known is unknown
    expect(presenceOf(states({ 'person.ann': 'not_home', 'group.family': 'home' }), chosen)).toBe('someone_home');
    expect(presenceOf(states({ 'person.ann': 'Work', 'group.family': 'not_home', 'device_tracker.phone': 'not_home' }), chosen)).toBe(
      'nobody_home',
    );
    expect(presenceOf(states({ 'person.ann': 'not_home', 'device_tracker.phone': 'unavailable' }), chosen)).toBe('nobody_home');
    expect(presenceOf(states({ 'person.ann': 'unknown' }), chosen)).toBe('unknown');
    // And zone.home no longer counts once entities are chosen
    expect(presenceOf(states({ [HOME_ZONE]: '2', 'person.ann': 'not_home' }), ['person.ann'])).toBe('nobody_home');
  });

  it('is someone_home exactly when a chosen entity is home (any states)', () => {
    const id = fc.constantFrom('person.ann', 'person.bob', 'group.family');
    const state = fc.constantFrom('home', 'not_home', 'Work', 'unknown', 'unavailable');
    fc.assert(
      fc.property(fc.dictionary(id, state), fc.uniqueArray(id, { minLength: 1 }), (entries, chosen) => {
        // Given any states of any chosen entities / When presence is read
        const presence = presenceOf(states(entries), chosen);
        // Then it is someone_home iff one of them is home, and unknown iff none has a state that tells
        expect(presence === 'someone_home').toBe(chosen.some((c) => entries[c] === 'home'));
        const told = chosen.some((c) => entries[c] !== undefined && entries[c] !== 'unknown' && entries[c] !== 'unavailable');
        expect(presence === 'unknown').toBe(!told);
      }),
    );
  });
});

describe('what a mode decides', () => {
  it('away arms while nobody is home and decides nothing while presence is unknown', () => {
    expect(awayDecision('nobody_home')).toStrictEqual({ armed: true, reason: 'nobody_home' });
    expect(awayDecision('someone_home')).toStrictEqual({ armed: false, reason: 'someone_home' });
    expect(awayDecision('unknown')).toBeNull();
  });

  it('schedule arms inside the quiet-hours window only, over midnight too', () => {
    const window = { start: '22:00', end: '06:30', minRisk: 'critical' as const };
    expect(scheduleDecision(window, new Date(2026, 11, 7, 23, 15))).toStrictEqual({ armed: true, reason: 'schedule' });
    expect(scheduleDecision(window, new Date(2026, 11, 7, 6, 29))).toStrictEqual({ armed: true, reason: 'schedule' });
    expect(scheduleDecision(window, new Date(2026, 11, 7, 6, 30))).toStrictEqual({ armed: false, reason: 'schedule' });
    expect(scheduleDecision(null, new Date(2026, 11, 7, 23, 15))).toStrictEqual({ armed: false, reason: 'schedule' });
  });

  it('a decision that arms or disarms is a change; the same one again or none is not', () => {
    expect(decisionChanged(null, decisions[0] ?? null)).toBe(true);
    expect(decisionChanged(decisions[0] ?? null, decisions[1] ?? null)).toBe(true);
    expect(decisionChanged(decisions[0] ?? null, { armed: true, reason: 'nobody_home' })).toBe(false);
    expect(decisionChanged(decisions[0] ?? null, null)).toBe(false);
  });
});

describe("a camera's effective state", () => {
  it('in mode manual is the switch flag, whatever was decided or overridden', () => {
    fc.assert(
      fc.property(fc.option(fc.constantFrom(...decisions)), fc.option(fc.boolean()), fc.boolean(), (decision, override, flag) => {
        expect(effectiveArming('manual', decision, override, flag)).toStrictEqual({ armed: flag, reason: 'manual' });
        expect(overrideAfterManualSet('manual', decision, flag)).toBeNull();
      }),
    );
  });

  it('in mode away follows the decision, an override wins over it, and no decision leaves the flag', () => {
    const away = decisions[0] ?? null;
    expect(effectiveArming('away', away, null, false)).toStrictEqual({ armed: true, reason: 'nobody_home' });
    expect(effectiveArming('away', away, false, true)).toStrictEqual({ armed: false, reason: 'manual_override' });
    expect(effectiveArming('away', null, null, false)).toStrictEqual({ armed: false, reason: 'manual' });
    // And a schedule decision kept from before a mode change does not count in mode away
    expect(effectiveArming('away', decisions[2] ?? null, null, false)).toStrictEqual({ armed: false, reason: 'manual' });
  });

  it('a manual set leaves the state the user chose, as an override only where it differs from the decision', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('away' as const, 'schedule' as const),
        fc.constantFrom(...decisions),
        fc.boolean(),
        (mode, decision, armed) => {
          // Given a mode with a decision that fits it / When the user arms or disarms a camera
          fc.pre(mode === 'away' ? decision.reason !== 'schedule' : decision.reason === 'schedule');
          const override = overrideAfterManualSet(mode, decision, armed);
          // Then the camera is in the chosen state, overridden only when that is not what the mode decided
          const state = effectiveArming(mode, decision, override, armed);
          expect(state.armed).toBe(armed);
          expect(state.reason === 'manual_override').toBe(armed !== decision.armed);
        },
      ),
    );
  });
});

describe("where Core's websocket is", () => {
  it('uses home_assistant.url with the long-lived token, else the Supervisor proxy, else nothing', () => {
    const withUrl = { url: 'https://ha.example:8123/', token: 'llat' };
    expect(coreWebsocketTarget(withUrl, { SUPERVISOR_TOKEN: 'sup' })).toStrictEqual({
      url: 'wss://ha.example:8123/api/websocket',
      token: 'llat',
    });
    const none = { url: '', token: '' };
    expect(coreWebsocketTarget(none, { SUPERVISOR_TOKEN: 'sup' })).toStrictEqual({ url: 'ws://supervisor/core/websocket', token: 'sup' });
    expect(coreWebsocketTarget(none, { SUPERVISOR_TOKEN: 'sup', SUPERVISOR_URL: 'http://127.0.0.1:5000' })).toStrictEqual({
      url: 'ws://127.0.0.1:5000/core/websocket',
      token: 'sup',
    });
    expect(coreWebsocketTarget(none, {})).toBeNull();
  });
});

describe('alerts.arming in the config', () => {
  it('defaults to manual, and refuses schedule without quiet hours and a Home Assistant URL without a token', () => {
    // Given no arming settings / Then the mode is manual (arming as before), following zone.home if ever switched to away
    expect(AlertsConfigSchema.parse({}).arming).toStrictEqual({ mode: 'manual', presence_entities: [] });
    // Given schedule without a window, or a URL without a token / Then each is refused where it is wrong
    const schedule = AlertsConfigSchema.safeParse({ arming: { mode: 'schedule' } });
    expect(schedule.error?.issues.map((i) => i.path.join('.'))).toStrictEqual(['arming.mode']);
    const url = HomeAssistantConfigSchema.safeParse({ url: 'http://ha.local:8123' });
    expect(url.error?.issues.map((i) => i.path.join('.'))).toStrictEqual(['token']);
    // And a presence entity must be a person, group or device tracker
    const sensor = AlertsConfigSchema.safeParse({ arming: { mode: 'away', presence_entities: ['sensor.door'] } });
    expect(sensor.error?.issues.map((i) => i.path.join('.'))).toStrictEqual(['arming.presence_entities.0']);
    // And schedule with a window is fine
    expect(AlertsConfigSchema.safeParse({ quiet_hours: { start: '22:00', end: '06:00' }, arming: { mode: 'schedule' } }).success).toBe(
      true,
    );
  });
});
