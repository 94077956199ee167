/**
 * Whether a camera's alerts are armed. Persisted locally; changed from the API and the HA switch;
 * changes are announced on the bus as 'camera.armedChanged'.
 */
export interface CameraArming {
  isArmed(camera: string): boolean;
  setArmed(camera: string, armed: boolean): void;
}
