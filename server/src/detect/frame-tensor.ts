import type { ModelLayout } from './model-format.js';

/**
 * Turns an interleaved 8-bit frame (HWC, already in the model's channel order and size) into the
 * planar float tensor data ONNX models take (CHW), scaled by `scale` (1 for YOLOX, 1/255 for YOLOv8).
 * `out` is reused across frames to spare the garbage collector 2 MB per frame.
 */
export function frameToTensor(frame: Uint8Array, pixels: number, scale: number, out?: Float32Array): Float32Array {
  if (frame.length !== pixels * 3) throw new RangeError(`frame has ${frame.length} bytes, expected ${pixels * 3}`);
  const data = out && out.length === pixels * 3 ? out : new Float32Array(pixels * 3);
  const g = pixels;
  const b = 2 * pixels;
  for (let i = 0, j = 0; i < pixels; i += 1, j += 3) {
    data[i] = (frame[j] ?? 0) * scale;
    data[g + i] = (frame[j + 1] ?? 0) * scale;
    data[b + i] = (frame[j + 2] ?? 0) * scale;
  }
  return data;
}

/**
 * The model's input tensor data for one frame: planar uint8 (YOLO-NAS), or float scaled and, for
 * RF-DETR, normalised per channel ((x * scale - mean) / std).
 */
export function modelInputData(frame: Uint8Array, layout: ModelLayout, out?: Float32Array): Float32Array | Uint8Array {
  const pixels = layout.inputWidth * layout.inputHeight;
  if (layout.inputType === 'uint8') {
    if (frame.length !== pixels * 3) throw new RangeError(`frame has ${frame.length} bytes, expected ${pixels * 3}`);
    const planar = new Uint8Array(pixels * 3);
    for (let i = 0, j = 0; i < pixels; i += 1, j += 3) {
      planar[i] = frame[j] ?? 0;
      planar[pixels + i] = frame[j + 1] ?? 0;
      planar[2 * pixels + i] = frame[j + 2] ?? 0;
    }
    return planar;
  }
  const data = frameToTensor(frame, pixels, layout.pixelScale, out);
  const norm = layout.pixelNorm;
  if (norm) {
    for (let c = 0; c < 3; c += 1) {
      const mean = norm.mean[c] ?? 0;
      const std = norm.std[c] ?? 1;
      for (let i = c * pixels; i < (c + 1) * pixels; i += 1) data[i] = ((data[i] ?? 0) - mean) / std;
    }
  }
  return data;
}
