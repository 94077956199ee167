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
