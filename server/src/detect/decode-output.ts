import { decodeDfine, decodeRfdetr, decodeYolonas, type OutputData } from './decode-detr.js';
import { decodeYolov8 } from './decode-yolov8.js';
import { decodeYolox } from './decode-yolox.js';
import type { ModelFormat, ModelLayout } from './model-format.js';
import type { DecodeOptions, ModelDetection } from './model-detection.js';
import { nonMaxSuppression, type NmsOptions } from './nms.js';

type Decoder = (outputs: readonly OutputData[], layout: ModelLayout, options: DecodeOptions) => ModelDetection[];

/** One decoder per format; the Record type makes the compiler insist on each. */
const DECODERS: Record<ModelFormat, Decoder> = {
  yolox: (outputs, layout, options) => decodeYolox(float(outputs[0]), layout, options),
  yolov8: (outputs, layout, options) => decodeYolov8(float(outputs[0]), layout, options),
  yolonas: decodeYolonas,
  dfine: decodeDfine,
  rfdetr: decodeRfdetr,
};

/** Raw output tensors (in `layout.outputNames` order) -> final boxes in model-input pixels (decode, then class-aware NMS). */
export function decodeOutput(
  outputs: readonly OutputData[],
  layout: ModelLayout,
  decode: DecodeOptions,
  nms: NmsOptions,
): ModelDetection[] {
  return nonMaxSuppression(DECODERS[layout.format](outputs, layout, decode), nms);
}

function float(data: OutputData | undefined): Float32Array {
  if (!(data instanceof Float32Array)) throw new RangeError('the model output is not float32');
  return data;
}
