import { range } from './decode-yolox.js';
import type { ModelLayout } from './model-format.js';
import type { DecodeOptions, ModelDetection } from './model-detection.js';

/**
 * Decodes an Ultralytics YOLOv8/YOLO11 output ([1, 4 + C, N], channels first): cx, cy, w, h in
 * model-input pixels, then one (sigmoid) score per class; there is no objectness.
 */
export function decodeYolov8(data: Float32Array, layout: ModelLayout, options: DecodeOptions): ModelDetection[] {
  const n = layout.anchors;
  if (data.length !== n * (4 + layout.numClasses)) {
    throw new RangeError(`YOLOv8 output has ${data.length} values, expected ${4 + layout.numClasses} x ${n}`);
  }
  // Walk class planes in memory order and keep the best class per anchor: far fewer cache misses
  // than reading 80 strided values per anchor.
  const bestScore = new Float32Array(n);
  const bestClass = new Int32Array(n).fill(-1);
  for (const classId of options.classIds ?? range(layout.numClasses)) {
    const plane = (4 + classId) * n;
    for (let i = 0; i < n; i += 1) {
      const s = data[plane + i] ?? 0;
      if (s > (bestScore[i] ?? 0)) {
        bestScore[i] = s;
        bestClass[i] = classId;
      }
    }
  }
  const found: ModelDetection[] = [];
  for (let i = 0; i < n; i += 1) {
    const score = bestScore[i] ?? 0;
    const classId = bestClass[i] ?? -1;
    if (classId < 0 || score < options.minScore) continue;
    const cx = data[i] ?? 0;
    const cy = data[n + i] ?? 0;
    const w = data[2 * n + i] ?? 0;
    const h = data[3 * n + i] ?? 0;
    found.push({ classId, score, box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2] });
  }
  return found;
}
