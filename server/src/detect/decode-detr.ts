import type { ModelLayout } from './model-format.js';
import type { DecodeOptions, ModelDetection } from './model-detection.js';

/** What onnxruntime-node hands back for a tensor: int64 outputs come as BigInt64Array. */
export type OutputData = Float32Array | BigInt64Array | Int32Array | Uint8Array;

/**
 * Decodes a D-FINE / RT-DETR output: labels [1,Q] (contiguous COCO-80 ids), boxes [1,Q,4] (x1,y1,x2,y2,
 * scaled by the sizes input, which HomeSec sets to the model input's W,H) and scores [1,Q] (sigmoid).
 * There is no NMS in these models; one query can appear with several labels, so NMS still runs after.
 */
export function decodeDfine(outputs: readonly OutputData[], layout: ModelLayout, options: DecodeOptions): ModelDetection[] {
  const [labels, boxes, scores] = outputs;
  if (!labels || !boxes || !scores || boxes.length !== scores.length * 4 || labels.length !== scores.length) {
    throw new RangeError(`D-FINE outputs do not match: ${labels?.length} labels, ${boxes?.length} box values, ${scores?.length} scores`);
  }
  const wanted = options.classIds ? new Set(options.classIds) : null;
  const found: ModelDetection[] = [];
  for (let i = 0; i < scores.length; i += 1) {
    const score = Number(scores[i] ?? 0);
    const classId = Number(labels[i] ?? -1);
    if (score < options.minScore || classId < 0 || (wanted && !wanted.has(classId))) continue;
    const o = i * 4;
    found.push({ classId, score, box: [Number(boxes[o]), Number(boxes[o + 1]), Number(boxes[o + 2]), Number(boxes[o + 3])] });
  }
  return clampToInput(found, layout);
}

/**
 * COCO category ids (1-90, with gaps) -> the contiguous 0-79 ids HomeSec's labels use. RF-DETR's COCO
 * checkpoints output one logit per category id (91 with the unused 0).
 */
const COCO91_TO_80: readonly number[] = (() => {
  const missing = new Set([0, 12, 26, 29, 30, 45, 66, 68, 69, 71, 83]);
  const map: number[] = [];
  let next = 0;
  for (let id = 0; id <= 90; id += 1) map.push(missing.has(id) ? -1 : next++);
  return map;
})();

/**
 * Decodes an RF-DETR output: dets [1,Q,4] (cx,cy,w,h normalised 0-1) and labels [1,Q,C] (logits). The
 * score is the sigmoid of the best wanted class, as upstream does. With C = 91 the index is a COCO
 * category id and is mapped to the 80-label ids; other class counts are taken as they are.
 */
export function decodeRfdetr(outputs: readonly OutputData[], layout: ModelLayout, options: DecodeOptions): ModelDetection[] {
  const [dets, logits] = outputs;
  const c = layout.numClasses;
  const q = layout.anchors;
  if (!dets || !logits || dets.length !== q * 4 || logits.length !== q * c) {
    throw new RangeError(`RF-DETR outputs do not match ${q} queries x ${c} classes: ${dets?.length} box values, ${logits?.length} logits`);
  }
  const toLabel = c === 91 ? (index: number) => COCO91_TO_80[index] ?? -1 : (index: number) => index;
  const wanted = options.classIds ? new Set(options.classIds) : null;
  // Sigmoid is monotonic: compare logits, and skip the query when the best is below the score's logit.
  const minLogit = Math.log(options.minScore / (1 - options.minScore));
  const found: ModelDetection[] = [];
  for (let i = 0; i < q; i += 1) {
    let best = -1;
    let bestLogit = -Infinity;
    for (let k = 0; k < c; k += 1) {
      const classId = toLabel(k);
      const v = Number(logits[i * c + k] ?? -Infinity);
      if (classId < 0 || v <= bestLogit || (wanted && !wanted.has(classId))) continue;
      best = classId;
      bestLogit = v;
    }
    if (best < 0 || bestLogit < minLogit) continue;
    const [cx, cy, w, h] = [0, 1, 2, 3].map((j) => Number(dets[i * 4 + j] ?? 0)) as [number, number, number, number];
    const W = layout.inputWidth;
    const H = layout.inputHeight;
    found.push({
      classId: best,
      score: 1 / (1 + Math.exp(-bestLogit)),
      box: [(cx - w / 2) * W, (cy - h / 2) * H, (cx + w / 2) * W, (cy + h / 2) * H],
    });
  }
  return clampToInput(found, layout);
}

/**
 * Decodes a YOLO-NAS flat export ([N,7]: batch, x1, y1, x2, y2, score, class in input pixels; NMS done in
 * the graph). A negative class ends the list (GPU exports pad with -1).
 */
export function decodeYolonas(outputs: readonly OutputData[], layout: ModelLayout, options: DecodeOptions): ModelDetection[] {
  const [rows] = outputs;
  if (!rows || rows.length % 7 !== 0) throw new RangeError(`YOLO-NAS output has ${rows?.length} values, not rows of 7`);
  const wanted = options.classIds ? new Set(options.classIds) : null;
  const found: ModelDetection[] = [];
  for (let o = 0; o < rows.length; o += 7) {
    const classId = Number(rows[o + 6]);
    if (classId < 0) break;
    const score = Number(rows[o + 5]);
    if (score < options.minScore || (wanted && !wanted.has(Math.round(classId)))) continue;
    found.push({
      classId: Math.round(classId),
      score,
      box: [Number(rows[o + 1]), Number(rows[o + 2]), Number(rows[o + 3]), Number(rows[o + 4])],
    });
  }
  return clampToInput(found, layout);
}

function clampToInput(found: ModelDetection[], layout: ModelLayout): ModelDetection[] {
  const cx = (v: number) => Math.min(layout.inputWidth, Math.max(0, v));
  const cy = (v: number) => Math.min(layout.inputHeight, Math.max(0, v));
  return found.map((d) => ({ ...d, box: [cx(d.box[0]), cy(d.box[1]), cx(d.box[2]), cy(d.box[3])] }));
}
