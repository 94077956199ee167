import { err, ok, type Result } from '../core/result.js';
import type { SupervisorClient } from './supervisor-client.js';

/**
 * Appends one camera to the add-on's options through the Supervisor: the current options (validated,
 * defaults merged), the camera added to `cameras` in the add-on's flat shape, the whole set posted
 * back (`POST /addons/self/options` replaces them). They apply at the add-on's next start.
 */
export async function appendCameraToAddonOptions(
  supervisor: Pick<SupervisorClient, 'addonOptions' | 'setAddonOptions'>,
  camera: Readonly<Record<string, unknown>>,
  signal?: AbortSignal,
): Promise<Result<void, string>> {
  const current = await supervisor.addonOptions(signal);
  if (!current.ok) return err(`cannot read the add-on options: ${current.error.message}`);
  const cameras = current.value.cameras ?? [];
  if (!Array.isArray(cameras)) return err('the add-on options hold cameras that are not a list');
  // Added since HomeSec started (another route, or the Configuration tab): two of one name would not load.
  if (cameras.some((c: unknown) => (c as { name?: unknown } | null)?.name === camera.name))
    return err(`the add-on options have a camera named ${String(camera.name)} already`);
  const written = await supervisor.setAddonOptions({ ...current.value, cameras: [...cameras, camera] }, signal);
  return written.ok ? ok(undefined) : err(`the Supervisor refused the new options: ${written.error.message}`);
}
