import { inQuietHours } from '../alert/quiet-hours.js';
import type { ArmingConfig, QuietHoursConfig } from '../config/sections/alerts-config.js';
import type { ArmedReason } from '../core/camera-arming.js';

/**
 * Arming by mode, as pure functions: what the mode decides from who is home or the clock, and what a
 * camera's effective state is once a manual override and the switch's own flag are counted. The store
 * (camera-arming-store.ts) keeps the state; the presence follower and the schedule clock feed it.
 */

export type ArmingMode = ArmingConfig['mode'];

/** Whether someone is home, as far as Home Assistant's states tell; unknown until they do. */
export type Presence = 'someone_home' | 'nobody_home' | 'unknown';

/** What an automatic mode decides for every camera. */
export interface ModeDecision {
  readonly armed: boolean;
  readonly reason: 'nobody_home' | 'someone_home' | 'schedule';
}

export interface EffectiveArming {
  readonly armed: boolean;
  readonly reason: ArmedReason;
}

/** Since HA 2024.x its state is the number of persons in the home zone. */
export const HOME_ZONE = 'zone.home';

/** The entities whose states decide presence: the chosen ones, else zone.home. */
export function presenceEntityIds(chosen: readonly string[]): readonly string[] {
  return chosen.length > 0 ? chosen : [HOME_ZONE];
}

/**
 * Presence from entity states (`states` maps entity id to its state; a missing entity has none).
 * zone.home: a count, 0 = nobody home. Chosen entities: someone is home when any of them is `home`,
 * nobody when at least one has a known state and none is `home`; `unknown` / `unavailable` tell nothing.
 */
export function presenceOf(states: ReadonlyMap<string, string>, chosen: readonly string[]): Presence {
  if (chosen.length === 0) {
    const raw = states.get(HOME_ZONE);
    const count = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(count) || count < 0) return 'unknown';
    return count > 0 ? 'someone_home' : 'nobody_home';
  }
  const known = chosen.map((id) => states.get(id)).filter((s): s is string => s !== undefined && !SAYS_NOTHING.has(s));
  if (known.includes('home')) return 'someone_home';
  return known.length > 0 ? 'nobody_home' : 'unknown';
}

const SAYS_NOTHING = new Set(['unknown', 'unavailable', '']);

/** Mode away: armed while nobody is home; no decision while presence is unknown. */
export function awayDecision(presence: Presence): ModeDecision | null {
  if (presence === 'unknown') return null;
  return { armed: presence === 'nobody_home', reason: presence };
}

/** Mode schedule: armed inside the quiet-hours window (local time), disarmed outside it. */
export function scheduleDecision(window: QuietHoursConfig | null, now: Date): ModeDecision {
  return { armed: window !== null && inQuietHours(window, now), reason: 'schedule' };
}

/** Whether a decision belongs to the mode (a decision kept from another mode before a restart does not). */
export function decisionFitsMode(mode: ArmingMode, decision: ModeDecision | null): decision is ModeDecision {
  if (decision === null) return false;
  if (mode === 'away') return decision.reason === 'nobody_home' || decision.reason === 'someone_home';
  return mode === 'schedule' && decision.reason === 'schedule';
}

/** A change that ends manual overrides: the decision arms or disarms, or its reason changes. */
export function decisionChanged(before: ModeDecision | null, after: ModeDecision | null): boolean {
  if (after === null) return false;
  return before === null || before.armed !== after.armed || before.reason !== after.reason;
}

/**
 * A camera's state. Manual mode, or no decision yet: the switch's flag. Otherwise the override when the
 * user set one since the decision's last change, else the decision.
 */
export function effectiveArming(
  mode: ArmingMode,
  decision: ModeDecision | null,
  override: boolean | null,
  manualFlag: boolean,
): EffectiveArming {
  if (mode === 'manual' || !decisionFitsMode(mode, decision)) return { armed: manualFlag, reason: 'manual' };
  if (override !== null) return { armed: override, reason: 'manual_override' };
  return { armed: decision.armed, reason: decision.reason };
}

/**
 * The override a manual arm or disarm leaves: none in manual mode or before any decision (the flag is
 * the state), none when it agrees with the decision (back to automatic), else the chosen state.
 */
export function overrideAfterManualSet(mode: ArmingMode, decision: ModeDecision | null, armed: boolean): boolean | null {
  if (mode === 'manual' || !decisionFitsMode(mode, decision)) return null;
  return armed === decision.armed ? null : armed;
}
