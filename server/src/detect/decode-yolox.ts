import type { ModelLayout } from './model-format.js';
import { YOLO_STRIDES } from './model-format.js';
import type { DecodeOptions, ModelDetection } from './model-detection.js';

/**
 * Decodes a raw YOLOX output ([1, N, 5 + C], anchors first): each row holds grid offsets and log
 * sizes (cx, cy, w, h), then objectness, then class scores (already sigmoid). Score = obj x class.
 */
export function decodeYolox(data: Float32Array, layout: ModelLayout, options: DecodeOptions): ModelDetection[] {
  const rowSize = 5 + layout.numClasses;
  if (data.length !== layout.anchors * rowSize) {
    throw new RangeError(`YOLOX output has ${data.length} values, expected ${layout.anchors} x ${rowSize}`);
  }
  const classIds = options.classIds ?? range(layout.numClasses);
  const found: ModelDetection[] = [];
  let row = 0;
  for (const stride of YOLO_STRIDES) {
    const gridW = Math.floor(layout.inputWidth / stride);
    const gridH = Math.floor(layout.inputHeight / stride);
    for (let gy = 0; gy < gridH; gy += 1) {
      for (let gx = 0; gx < gridW; gx += 1, row += 1) {
        const o = row * rowSize;
        const objectness = data[o + 4] ?? 0;
        // Score = objectness x class <= objectness: most rows end here.
        if (objectness < options.minScore) continue;
        const best = bestClass(data, o + 5, classIds);
        const score = objectness * best.score;
        if (best.classId < 0 || score < options.minScore) continue;
        const cx = ((data[o] ?? 0) + gx) * stride;
        const cy = ((data[o + 1] ?? 0) + gy) * stride;
        const w = Math.exp(data[o + 2] ?? 0) * stride;
        const h = Math.exp(data[o + 3] ?? 0) * stride;
        found.push({ classId: best.classId, score, box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2] });
      }
    }
  }
  return found;
}

function bestClass(data: Float32Array, offset: number, classIds: readonly number[]): { classId: number; score: number } {
  let classId = -1;
  let score = 0;
  for (const id of classIds) {
    const s = data[offset + id] ?? 0;
    if (s > score) {
      score = s;
      classId = id;
    }
  }
  return { classId, score };
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
