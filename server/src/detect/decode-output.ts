import { decodeYolov8 } from './decode-yolov8.js';
import { decodeYolox } from './decode-yolox.js';
import type { ModelLayout } from './model-format.js';
import type { DecodeOptions, ModelDetection } from './model-detection.js';
import { nonMaxSuppression, type NmsOptions } from './nms.js';

/** Raw output tensor data -> final boxes in model-input pixels (decode, then class-aware NMS). */
export function decodeOutput(data: Float32Array, layout: ModelLayout, decode: DecodeOptions, nms: NmsOptions): ModelDetection[] {
  const candidates = decodeCandidates(data, layout, decode);
  return nonMaxSuppression(candidates, nms);
}

function decodeCandidates(data: Float32Array, layout: ModelLayout, options: DecodeOptions): ModelDetection[] {
  switch (layout.format) {
    case 'yolox':
      return decodeYolox(data, layout, options);
    case 'yolov8':
      return decodeYolov8(data, layout, options);
    default: {
      const unknown: never = layout.format;
      throw new Error(`unknown model format ${String(unknown)}`);
    }
  }
}
