/**
 * The changed pixels of a motion frame as the server packs them: one bit per pixel, row by row from the top left,
 * the first pixel in a byte's high bit, base64. `set(i)` says whether pixel `i` (y * width + x) changed.
 */
export interface MotionBits {
  readonly count: number;
  set(index: number): boolean;
}

export function decodeMotionBits(base64: string): MotionBits {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const byte = text.charCodeAt(i);
    bytes[i] = byte;
    for (let b = byte; b; b &= b - 1) count++;
  }
  return { count, set: (index) => (((bytes[index >> 3] ?? 0) >> (7 - (index & 7))) & 1) === 1 };
}
