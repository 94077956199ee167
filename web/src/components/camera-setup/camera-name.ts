/** The rule of the config's camera names (camera-config.ts): lowercase letters, digits and _, at most 64. */
export const CAMERA_NAME_RULE = 'lowercase letters, digits and _';
const NAME = /^[a-z0-9_]{1,64}$/;

/**
 * A camera name from the address the user typed: `Front-Door.local` -> `front_door_local`, `192.168.1.20` ->
 * `camera_192_168_1_20`; `_2`, `_3`... after it when a camera has that name already.
 */
export function suggestCameraName(host: string, taken: readonly string[]): string {
  const words = host
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const base = (words === '' ? 'camera' : /^[0-9]/.test(words) ? `camera_${words}` : words).slice(0, 60);
  return freeName(base, taken);
}

/** `base`, or the first of `base_2`, `base_3`... no camera has. */
export function freeName(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}_${n}`;
    if (!taken.includes(candidate)) return candidate;
  }
}

/** What is wrong with a name, in words, or null when it will do. */
export function cameraNameProblem(name: string, taken: readonly string[]): string | null {
  if (name === '') return 'Give the camera a name.';
  if (!NAME.test(name)) return `Use ${CAMERA_NAME_RULE} only (at most 64).`;
  if (taken.includes(name)) return `A camera named ${name} exists already: choose another name.`;
  return null;
}
