/** A changed region of the motion frame, in its pixels: bounds inclusive, `area` counts its pixels. */
export interface MotionBlob {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly area: number;
}

/**
 * Grows the changed pixels by one in every direction (a 3x3 dilation, as Frigate does before it finds
 * contours): the scattered pixels of one small walking person join into one region.
 */
export function dilate(mask: Uint8Array, width: number, height: number, out: Uint8Array): Uint8Array {
  out.fill(0);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (!mask[row + x]) continue;
      const y0 = Math.max(0, y - 1);
      const y1 = Math.min(height - 1, y + 1);
      const x0 = Math.max(0, x - 1);
      const x1 = Math.min(width - 1, x + 1);
      for (let yy = y0; yy <= y1; yy++) out.fill(1, yy * width + x0, yy * width + x1 + 1);
    }
  }
  return out;
}

/** The 8-connected regions of set pixels with at least `minArea` pixels. */
export function findBlobs(mask: Uint8Array, width: number, height: number, minArea: number): MotionBlob[] {
  const seen = new Uint8Array(mask.length);
  const stack: number[] = [];
  const blobs: MotionBlob[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    let x1 = width;
    let y1 = height;
    let x2 = 0;
    let y2 = 0;
    let area = 0;
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack.pop() ?? 0;
      const px = p % width;
      const py = (p - px) / width;
      x1 = Math.min(x1, px);
      y1 = Math.min(y1, py);
      x2 = Math.max(x2, px);
      y2 = Math.max(y2, py);
      area++;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = py + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = px + dx;
          if (nx < 0 || nx >= width) continue;
          const n = ny * width + nx;
          if (!mask[n] || seen[n]) continue;
          seen[n] = 1;
          stack.push(n);
        }
      }
    }
    if (area >= minArea) blobs.push({ x1, y1, x2, y2, area });
  }
  return blobs;
}
