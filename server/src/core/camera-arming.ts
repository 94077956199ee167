/**
 * Whether a camera's alerts are on. Persisted locally; changed from the API, the HA switch and the
 * snooze (HA select, phone notification); changes are announced on the bus as 'camera.armedChanged'.
 */
export interface CameraArming {
  /** Armed and not snoozed: whether the camera alerts now. The alert decision reads only this. */
  isArmed(camera: string): boolean;
  /** Arming also ends the camera's own snooze ("alerts on now"). */
  setArmed(camera: string, armed: boolean): void;
  /** When the camera's snooze (its own or every camera's, whichever ends later) ends; null when not snoozed. */
  snoozedUntil(camera: string): Date | null;
  /** When the all-cameras snooze ends; null when there is none. */
  snoozedAllUntil(): Date | null;
  /** Snoozes one camera, or every camera with null, until `until` (null ends it); it ends by itself. */
  snooze(camera: string | null, until: Date | null): void;
}
