import { zoneEntry, type CameraRegions } from '../config/camera-regions.js';
import { err, ok, type Result } from '../core/result.js';
import type { SupervisorClient } from './supervisor-client.js';

/**
 * Replaces one camera's motion mask polygons and zones in the add-on's options through the Supervisor:
 * the current options read, the camera's flat `motion_mask_polygons` and its entries in `zones` replaced
 * (every other camera's zones kept in place), the whole set posted back. They apply at the next start.
 */
export async function setRegionsInAddonOptions(
  supervisor: Pick<SupervisorClient, 'addonOptions' | 'setAddonOptions'>,
  camera: string,
  regions: CameraRegions,
  signal?: AbortSignal,
): Promise<Result<void, string>> {
  const current = await supervisor.addonOptions(signal);
  if (!current.ok) return err(`cannot read the add-on options: ${current.error.message}`);
  const cameras = current.value.cameras ?? [];
  const zones = current.value.zones ?? [];
  if (!Array.isArray(cameras)) return err('the add-on options hold cameras that are not a list');
  if (!Array.isArray(zones)) return err('the add-on options hold zones that are not a list');
  const index = cameras.findIndex((c: unknown) => isRecord(c) && c.name === camera);
  const entry: unknown = cameras[index];
  if (!isRecord(entry)) return err(`the add-on options have no camera named ${camera}`);
  // No masks: the key is left out, as a camera without masks has it in the default options.
  const { motion_mask_polygons: _old, ...rest } = entry;
  const updated = regions.maskPolygons.length > 0 ? { ...rest, motion_mask_polygons: [...regions.maskPolygons] } : rest;
  const isThisCamera = (z: unknown) => isRecord(z) && z.camera === camera;
  const first = zones.findIndex(isThisCamera);
  const kept = zones.filter((z: unknown) => !isThisCamera(z));
  const at = first === -1 ? kept.length : first;
  const fresh = regions.zones.map((zone) => zoneEntry(camera, zone));
  const options = {
    ...current.value,
    cameras: cameras.map((c: unknown, i) => (i === index ? updated : c)),
    zones: [...kept.slice(0, at), ...fresh, ...kept.slice(at)],
  };
  const written = await supervisor.setAddonOptions(options, signal);
  return written.ok ? ok(undefined) : err(`the Supervisor refused the new options: ${written.error.message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
