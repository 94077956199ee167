import type { Box } from '../core/detection.js';
import type { RawFrame } from './region-crop.js';

/** A frame reduced to the mean brightness of square cells: cheap to compare, and sensor noise averages out. */
export interface CellGrid {
  readonly cols: number;
  readonly rows: number;
  readonly cell: number;
  readonly luma: Float32Array;
}

export interface FrameMotionOptions {
  /** Change in a cell's mean brightness (0-255) that counts as motion. */
  readonly threshold: number;
  /** Fewest changed cells in a blob for it to be motion. */
  readonly minCells: number;
}

export const DEFAULT_FRAME_MOTION: FrameMotionOptions = { threshold: 10, minCells: 1 };

/** Cells about 1/160 of the frame's width (8 px at 1280), never under 4 px. */
export function cellGrid(frame: RawFrame, cell = Math.max(4, Math.round(frame.width / 160))): CellGrid {
  const cols = Math.ceil(frame.width / cell);
  const rows = Math.ceil(frame.height / cell);
  const sum = new Float32Array(cols * rows);
  const count = new Uint32Array(cols * rows);
  const { data, width, height } = frame;
  // Every other pixel of every other row: a cell's mean barely changes, and it costs a quarter.
  const step = cell >= 8 ? 2 : 1;
  for (let y = 0; y < height; y += step) {
    const row = Math.floor(y / cell) * cols;
    for (let x = 0, i = y * width * 3; x < width; x += step, i += 3 * step) {
      const c = row + Math.floor(x / cell);
      // Channel order does not matter for a change test: the weights are symmetric in R and B.
      sum[c] = (sum[c] ?? 0) + ((data[i] ?? 0) + 2 * (data[i + 1] ?? 0) + (data[i + 2] ?? 0)) / 4;
      count[c] = (count[c] ?? 0) + 1;
    }
  }
  for (let c = 0; c < sum.length; c += 1) sum[c] = (sum[c] ?? 0) / Math.max(1, count[c] ?? 1);
  return { cols, rows, cell, luma: sum };
}

/**
 * Motion between two sampled frames of a clip: cells whose brightness changed, grouped into blobs
 * (8-neighbour), as boxes in frame pixels. What moved is where the detector looks.
 */
export function motionBetween(previous: CellGrid, current: CellGrid, options: FrameMotionOptions = DEFAULT_FRAME_MOTION): Box[] {
  if (previous.cols !== current.cols || previous.rows !== current.rows) return [];
  const { cols, rows, cell } = current;
  const moving = new Uint8Array(cols * rows);
  for (let c = 0; c < moving.length; c += 1) {
    moving[c] = Math.abs((current.luma[c] ?? 0) - (previous.luma[c] ?? 0)) > options.threshold ? 1 : 0;
  }
  const seen = new Uint8Array(cols * rows);
  const boxes: Box[] = [];
  const stack: number[] = [];
  for (let start = 0; start < moving.length; start += 1) {
    if (!moving[start] || seen[start]) continue;
    let [x1, y1, x2, y2, cells] = [cols, rows, 0, 0, 0];
    stack.push(start);
    seen[start] = 1;
    while (stack.length > 0) {
      const c = stack.pop() ?? 0;
      const cx = c % cols;
      const cy = Math.floor(c / cols);
      [x1, y1, x2, y2, cells] = [Math.min(x1, cx), Math.min(y1, cy), Math.max(x2, cx), Math.max(y2, cy), cells + 1];
      for (let dy = -1; dy <= 1; dy += 1) {
        for (let dx = -1; dx <= 1; dx += 1) {
          const nx = cx + dx;
          const ny = cy + dy;
          const n = ny * cols + nx;
          if (nx < 0 || ny < 0 || nx >= cols || ny >= rows || seen[n] || !moving[n]) continue;
          seen[n] = 1;
          stack.push(n);
        }
      }
    }
    if (cells >= options.minCells) boxes.push([x1 * cell, y1 * cell, (x2 + 1) * cell, (y2 + 1) * cell]);
  }
  return boxes;
}
