import { err, ok, type Result } from '../core/result.js';

/** The two output layouts HomeSec decodes. YOLO11 exports share YOLOv8's. */
export type ModelFormat = 'yolox' | 'yolov8';

/** Everything the pre- and post-processing need to know about a loaded model. */
export interface ModelLayout {
  readonly format: ModelFormat;
  readonly inputName: string;
  readonly outputName: string;
  readonly inputWidth: number;
  readonly inputHeight: number;
  readonly numClasses: number;
  /** Candidate boxes per frame (rows of YOLOX, columns of YOLOv8). */
  readonly anchors: number;
  /** YOLOX wants BGR 0-255, Ultralytics RGB 0-1. */
  readonly channelOrder: 'bgr' | 'rgb';
  readonly pixelScale: number;
}

/** A tensor's name and shape as the runtime reports it; dynamic dimensions are strings or -1. */
export interface TensorInfo {
  readonly name: string;
  readonly shape: readonly (number | string)[];
}

/** YOLOX and YOLOv8 predict on three feature maps with these strides. */
export const YOLO_STRIDES = [8, 16, 32] as const;
const DEFAULT_INPUT_SIZE = 640;

/** Grid cells over all strides for an input size: 3549 at 416x416, 8400 at 640x640. */
export function gridCellCount(width: number, height: number): number {
  return YOLO_STRIDES.reduce((sum, s) => sum + Math.floor(width / s) * Math.floor(height / s), 0);
}

/**
 * Works out the format from the output shape: YOLOX puts anchors first ([1,N,5+C]),
 * Ultralytics puts channels first ([1,4+C,N]). An explicit `requested` format wins.
 */
export function modelLayoutFrom(input: TensorInfo, output: TensorInfo, requested: 'auto' | ModelFormat): Result<ModelLayout, string> {
  const size = inputSize(input);
  if (!size.ok) return size;
  const { width, height } = size.value;
  const dims = output.shape.map(fixedDim);
  if (dims.length !== 3)
    return err(`output "${output.name}" has shape [${output.shape.join(',')}]; expected [1,N,85] (YOLOX) or [1,84,N] (YOLOv8)`);
  const [, a, b] = dims;
  const format = requested !== 'auto' ? requested : guessFormat(a, b);
  if (format === null) return err(`cannot tell the model format from output shape [${output.shape.join(',')}]; set detector.format`);
  const cells = gridCellCount(width, height);
  const base = { inputName: input.name, outputName: output.name, inputWidth: width, inputHeight: height };
  if (format === 'yolox') {
    const classes = b === undefined ? 80 : b - 5;
    const anchors = a ?? cells;
    if (classes < 1) return err(`YOLOX output needs 5 + classes values per row, got ${b}`);
    if (anchors !== cells) return err(`YOLOX output has ${anchors} rows but a ${width}x${height} input gives ${cells} grid cells`);
    return ok({ ...base, format, numClasses: classes, anchors, channelOrder: 'bgr', pixelScale: 1 });
  }
  const classes = a === undefined ? 80 : a - 4;
  const anchors = b ?? cells;
  if (classes < 1) return err(`YOLOv8 output needs 4 + classes channels, got ${a}`);
  if (anchors !== cells) return err(`YOLOv8 output has ${anchors} columns but a ${width}x${height} input gives ${cells} grid cells`);
  return ok({ ...base, format, numClasses: classes, anchors, channelOrder: 'rgb', pixelScale: 1 / 255 });
}

function guessFormat(a: number | undefined, b: number | undefined): ModelFormat | null {
  if (a === undefined || b === undefined) return null;
  if (a > b) return 'yolox';
  if (b > a) return 'yolov8';
  return null;
}

function inputSize(input: TensorInfo): Result<{ width: number; height: number }, string> {
  const dims = input.shape.map(fixedDim);
  if (dims.length !== 4 || (dims[1] !== undefined && dims[1] !== 3)) {
    return err(`input "${input.name}" has shape [${input.shape.join(',')}]; expected [1,3,H,W]`);
  }
  const height = dims[2] ?? DEFAULT_INPUT_SIZE;
  const width = dims[3] ?? DEFAULT_INPUT_SIZE;
  if (height % 32 !== 0 || width % 32 !== 0) return err(`input size ${width}x${height} is not a multiple of 32`);
  return ok({ width, height });
}

/** A dimension the model fixes, or undefined when it is dynamic. */
function fixedDim(d: number | string): number | undefined {
  return typeof d === 'number' && d > 0 ? d : undefined;
}
