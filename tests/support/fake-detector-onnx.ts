// Builds small ONNX models shaped like the DETR-style and YOLO-NAS exports HomeSec accepts (Frigate's
// dfine, rfdetr and yolonas), with constant outputs, so tests can check decoding through the real
// ONNX Runtime. The image input is always consumed (x 0), so the runtime checks its type and shape.
import { bytesField, concat, FLOAT, INT64, intAttribute, intField, node, stringField, tensor } from './fake-yolo-onnx.js';

const UINT8 = 2;

function valueInfo(name: string, dims: number[], type: number): Uint8Array {
  const shape = concat(...dims.map((d) => bytesField(1, intField(1, d))));
  return concat(stringField(1, name), bytesField(2, bytesField(1, concat(intField(1, type), bytesField(2, shape)))));
}

interface Io {
  readonly name: string;
  readonly dims: number[];
  readonly type: number;
}

function model(name: string, nodes: Uint8Array[], initializers: Uint8Array[], inputs: Io[], outputs: Io[]): Uint8Array {
  const graph = concat(
    ...nodes.map((n) => bytesField(1, n)),
    stringField(2, name),
    ...initializers.map((t) => bytesField(5, t)),
    ...inputs.map((i) => bytesField(11, valueInfo(i.name, i.dims, i.type))),
    ...outputs.map((o) => bytesField(12, valueInfo(o.name, o.dims, o.type))),
  );
  return concat(
    intField(1, 8),
    stringField(2, 'homesec-tests'),
    bytesField(7, graph),
    bytesField(8, concat(stringField(1, ''), intField(2, 17))),
  );
}

/** Nodes that turn the image input into a float scalar 0 called `zero` (Cast for uint8, then max x 0). */
function zeroFrom(image: string, uint8: boolean): { nodes: Uint8Array[]; initializers: Uint8Array[] } {
  const nodes = uint8 ? [node('Cast', [image], 'imageF', [intAttribute('to', FLOAT)])] : [];
  nodes.push(node('ReduceMax', [uint8 ? 'imageF' : image], 'imageMax', [intAttribute('keepdims', 0)]));
  nodes.push(node('Mul', ['imageMax', 'nought'], 'zero'));
  return { nodes, initializers: [tensor('nought', [], FLOAT, Float32Array.from([0]))] };
}

/** A detection as a DETR query: a box in normalised x1,y1,x2,y2, a contiguous COCO-80 label, a score. */
export interface DetrQuery {
  readonly box: readonly [number, number, number, number];
  readonly label: number;
  readonly score: number;
}

/**
 * D-FINE / RT-DETR: inputs `images` [1,3,S,S] and int64 `orig_target_sizes` [1,2]; outputs int64 `labels`
 * [1,Q], `boxes` [1,Q,4] = normalised boxes x (w, h, w, h) from the sizes input, `scores` [1,Q].
 */
export function buildFakeDfineOnnx(options: { size?: number; queries?: number; detections: readonly DetrQuery[] }): Uint8Array {
  const { size = 640, queries = 300, detections } = options;
  const labels = new BigInt64Array(queries);
  const boxes = new Float32Array(queries * 4);
  const scores = new Float32Array(queries);
  detections.forEach((d, i) => {
    labels[i] = BigInt(d.label);
    boxes.set(d.box, i * 4);
    scores[i] = d.score;
  });
  const zero = zeroFrom('images', false);
  const nodes = [
    ...zero.nodes,
    node('Identity', ['labelsConst'], 'labels'),
    node('Cast', ['orig_target_sizes'], 'sizesF', [intAttribute('to', FLOAT)]),
    node('Concat', ['sizesF', 'sizesF'], 'scale4', [intAttribute('axis', 1)]),
    node('Mul', ['normBoxes', 'scale4'], 'boxes'),
    node('Add', ['scoresConst', 'zero'], 'scores'),
  ];
  const initializers = [
    ...zero.initializers,
    tensor('labelsConst', [1, queries], INT64, labels),
    tensor('normBoxes', [1, queries, 4], FLOAT, boxes),
    tensor('scoresConst', [1, queries], FLOAT, scores),
  ];
  return model(
    'fake_dfine',
    nodes,
    initializers,
    [
      { name: 'images', dims: [1, 3, size, size], type: FLOAT },
      { name: 'orig_target_sizes', dims: [1, 2], type: INT64 },
    ],
    [
      { name: 'labels', dims: [1, queries], type: INT64 },
      { name: 'boxes', dims: [1, queries, 4], type: FLOAT },
      { name: 'scores', dims: [1, queries], type: FLOAT },
    ],
  );
}

/** An RF-DETR query: a normalised cx,cy,w,h box and one raised logit at a class index (COCO category id with 91 classes). */
export interface RfdetrQuery {
  readonly cxcywh: readonly [number, number, number, number];
  readonly classIndex: number;
  readonly logit: number;
}

/** RF-DETR: input `input` [1,3,R,R]; outputs `dets` [1,Q,4] and `labels` [1,Q,C] (logits, -10 where not planted). */
export function buildFakeRfdetrOnnx(options: {
  size?: number;
  queries?: number;
  classes?: number;
  detections: readonly RfdetrQuery[];
}): Uint8Array {
  const { size = 384, queries = 300, classes = 91, detections } = options;
  const dets = new Float32Array(queries * 4);
  const logits = new Float32Array(queries * classes).fill(-10);
  detections.forEach((d, i) => {
    dets.set(d.cxcywh, i * 4);
    logits[i * classes + d.classIndex] = d.logit;
  });
  const zero = zeroFrom('input', false);
  return model(
    'fake_rfdetr',
    [...zero.nodes, node('Add', ['detsConst', 'zero'], 'dets'), node('Add', ['logitsConst', 'zero'], 'labels')],
    [...zero.initializers, tensor('detsConst', [1, queries, 4], FLOAT, dets), tensor('logitsConst', [1, queries, classes], FLOAT, logits)],
    [{ name: 'input', dims: [1, 3, size, size], type: FLOAT }],
    [
      { name: 'dets', dims: [1, queries, 4], type: FLOAT },
      { name: 'labels', dims: [1, queries, classes], type: FLOAT },
    ],
  );
}

/** A YOLO-NAS flat row: x1,y1,x2,y2 in input pixels, score, class. */
export interface YolonasRow {
  readonly box: readonly [number, number, number, number];
  readonly score: number;
  readonly classId: number;
}

/** YOLO-NAS flat export: uint8 input [1,3,S,S]; output [N,7] (batch, x1, y1, x2, y2, score, class), padded with class -1. */
export function buildFakeYolonasOnnx(options: { size?: number; rows?: number; detections: readonly YolonasRow[] }): Uint8Array {
  const { size = 320, rows = 20, detections } = options;
  const flat = new Float32Array(rows * 7);
  for (let i = 0; i < rows; i += 1) flat[i * 7 + 6] = -1;
  detections.forEach((d, i) => flat.set([0, ...d.box, d.score, d.classId], i * 7));
  const zero = zeroFrom('input', true);
  return model(
    'fake_yolonas',
    [...zero.nodes, node('Add', ['rowsConst', 'zero'], 'output')],
    [...zero.initializers, tensor('rowsConst', [rows, 7], FLOAT, flat)],
    [{ name: 'input', dims: [1, 3, size, size], type: UINT8 }],
    [{ name: 'output', dims: [rows, 7], type: FLOAT }],
  );
}
