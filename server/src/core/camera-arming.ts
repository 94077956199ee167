import { z } from 'zod';

/**
 * Why a camera is armed or not: `manual` (mode manual, or no presence known yet: the switch decides),
 * `nobody_home` / `someone_home` (mode away), `schedule` (mode schedule: in or out of the window),
 * `manual_override` (the switch or the dashboard overrode the mode until its next change).
 */
export const ArmedReasonSchema = z.enum(['manual', 'nobody_home', 'someone_home', 'schedule', 'manual_override']);
export type ArmedReason = z.infer<typeof ArmedReasonSchema>;

/**
 * Whether a camera's alerts are on. Persisted locally; changed from the API, the HA switch and the
 * snooze (HA select, phone notification); changes are announced on the bus as 'camera.armedChanged'.
 */
export interface CameraArming {
  /** Armed and not snoozed: whether the camera alerts now. The alert decision reads only this. */
  isArmed(camera: string): boolean;
  /** Why the camera is armed or not (the mode's decision, a manual override, or the switch alone); a snooze is apart. */
  armedReason(camera: string): ArmedReason;
  /**
   * Arming also ends the camera's own snooze ("alerts on now"). Under an automatic mode this is a manual
   * override that holds until the mode's next change (one that matches the mode's decision ends it).
   */
  setArmed(camera: string, armed: boolean): void;
  /** When the camera's snooze (its own or every camera's, whichever ends later) ends; null when not snoozed. */
  snoozedUntil(camera: string): Date | null;
  /** When the all-cameras snooze ends; null when there is none. */
  snoozedAllUntil(): Date | null;
  /** Snoozes one camera, or every camera with null, until `until` (null ends it); it ends by itself. */
  snooze(camera: string | null, until: Date | null): void;
}
