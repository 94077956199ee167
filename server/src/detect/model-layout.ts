import { err, ok, type Result } from '../core/result.js';
import { fixedDim, inputSize, modelLayoutFrom, PLAIN_FLOAT, type ModelFormat, type ModelLayout, type TensorInfo } from './model-format.js';

/** RF-DETR is trained on ImageNet-normalised RGB (its exports leave this to the caller). */
const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } as const;

/**
 * Works out what kind of detector a model is from its inputs and outputs, as Frigate documents them:
 * - D-FINE / RT-DETR: inputs `images` + int64 `orig_target_sizes` [N,2]; outputs labels [N,Q], boxes [N,Q,4], scores [N,Q].
 * - RF-DETR: one input; outputs `dets` [1,Q,4] (normalised cx,cy,w,h) and `labels` [1,Q,C] (class logits).
 * - YOLO-NAS (flat export with NMS inside): uint8 input, one output [N,7] = (batch, x1, y1, x2, y2, score, class).
 * - YOLOX, YOLOv8/11 and YOLOv9: one output of three dimensions (see modelLayoutFrom).
 * An explicit `requested` format is checked against the model instead of guessed.
 */
export function modelLayoutOf(
  inputs: readonly TensorInfo[],
  outputs: readonly TensorInfo[],
  requested: 'auto' | ModelFormat,
): Result<ModelLayout, string> {
  const format = requested === 'auto' ? guessFormat(inputs, outputs) : requested;
  const image = inputs.find((i) => i.shape.length === 4) ?? inputs[0];
  const first = outputs[0];
  if (!image || !first) return err('the model has no tensor input or output');
  switch (format) {
    case 'yolox':
    case 'yolov8':
    case 'auto':
      return modelLayoutFrom(image, first, format);
    case 'dfine':
      return detrLayout(inputs, outputs, image);
    case 'rfdetr':
      return rfdetrLayout(outputs, image);
    case 'yolonas':
      return yolonasLayout(first, image);
    default: {
      const unknown: never = format;
      return err(`unknown model format ${String(unknown)}`);
    }
  }
}

function guessFormat(inputs: readonly TensorInfo[], outputs: readonly TensorInfo[]): 'auto' | ModelFormat {
  if (inputs.length === 2 && outputs.length === 3) return 'dfine';
  if (outputs.length === 2) return 'rfdetr';
  const only = outputs[0];
  if (outputs.length === 1 && only && only.shape.length === 2) return 'yolonas';
  return 'auto';
}

function detrLayout(inputs: readonly TensorInfo[], outputs: readonly TensorInfo[], image: TensorInfo): Result<ModelLayout, string> {
  const sizes = inputs.find((i) => i !== image);
  if (!sizes || sizes.shape.length !== 2) return err('a D-FINE/RT-DETR model needs a second input orig_target_sizes [N,2]');
  const boxes = outputs.find((o) => o.shape.length === 3 && fixedDim(o.shape[2] ?? 0) === 4);
  const flat = outputs.filter((o) => o !== boxes && o.shape.length === 2);
  if (!boxes || flat.length !== 2)
    return err(`a D-FINE/RT-DETR model has outputs labels [N,Q], boxes [N,Q,4], scores [N,Q]; got ${describe(outputs)}`);
  // By name when the export kept them, else by type (labels are int64), else in the export's order.
  const labels = flat.find((o) => o.name === 'labels') ?? flat.find((o) => o.type === 'int64') ?? flat[0];
  const scores = flat.find((o) => o !== labels);
  if (!labels || !scores) return err('cannot tell the labels output from the scores output');
  const size = inputSize(image, 640, 1);
  if (!size.ok) return size;
  return ok({
    format: 'dfine',
    inputName: image.name,
    outputNames: [labels.name, boxes.name, scores.name],
    inputWidth: size.value.width,
    inputHeight: size.value.height,
    numClasses: 80,
    anchors: fixedDim(boxes.shape[1] ?? 0) ?? 300,
    channelOrder: 'rgb',
    inputType: 'float32',
    pixelScale: 1 / 255,
    pixelNorm: null,
    sizesInputName: sizes.name,
  });
}

function rfdetrLayout(outputs: readonly TensorInfo[], image: TensorInfo): Result<ModelLayout, string> {
  const boxes = outputs.find((o) => o.name === 'dets') ?? outputs.find((o) => o.shape.length === 3 && fixedDim(o.shape[2] ?? 0) === 4);
  const logits = outputs.find((o) => o !== boxes);
  if (!boxes || !logits || logits.shape.length !== 3)
    return err(`an RF-DETR model has outputs dets [1,Q,4] and labels [1,Q,C]; got ${describe(outputs)}`);
  const classes = fixedDim(logits.shape[2] ?? 0);
  if (classes === undefined) return err(`RF-DETR output "${logits.name}" needs a fixed class count`);
  const size = inputSize(image, 560, 1);
  if (!size.ok) return size;
  return ok({
    format: 'rfdetr',
    inputName: image.name,
    outputNames: [boxes.name, logits.name],
    inputWidth: size.value.width,
    inputHeight: size.value.height,
    numClasses: classes,
    anchors: fixedDim(boxes.shape[1] ?? 0) ?? 300,
    channelOrder: 'rgb',
    inputType: 'float32',
    pixelScale: 1 / 255,
    pixelNorm: IMAGENET,
    sizesInputName: null,
  });
}

function yolonasLayout(output: TensorInfo, image: TensorInfo): Result<ModelLayout, string> {
  if (output.shape.length !== 2 || fixedDim(output.shape[1] ?? 0) !== 7)
    return err(`a YOLO-NAS flat export has one output [N,7]; got [${output.shape.join(',')}]`);
  const size = inputSize(image, 320);
  if (!size.ok) return size;
  return ok({
    format: 'yolonas',
    inputName: image.name,
    outputNames: [output.name],
    inputWidth: size.value.width,
    inputHeight: size.value.height,
    numClasses: 80,
    anchors: fixedDim(output.shape[0] ?? 0) ?? 0,
    channelOrder: 'bgr',
    ...PLAIN_FLOAT,
    // A float input takes 0-255 too: the export divides inside the graph.
    inputType: image.type === 'float32' ? 'float32' : 'uint8',
    pixelScale: 1,
  });
}

function describe(outputs: readonly TensorInfo[]): string {
  return outputs.map((o) => `${o.name} [${o.shape.join(',')}]`).join(', ');
}
