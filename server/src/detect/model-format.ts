import { err, ok, type Result } from '../core/result.js';

/**
 * The output layouts HomeSec decodes. `yolov8` also covers YOLO11 and YOLOv9 (Frigate's `yolo-generic`),
 * which share the [1, 4 + C, N] output; `dfine` also covers RT-DETR, which has the same interface.
 */
export type ModelFormat = 'yolox' | 'yolov8' | 'yolonas' | 'dfine' | 'rfdetr';
export const MODEL_FORMATS = ['yolox', 'yolov8', 'yolonas', 'dfine', 'rfdetr'] as const satisfies readonly ModelFormat[];

/** Per-channel normalisation after scaling, in the model's channel order (RF-DETR's ImageNet mean and std). */
export interface PixelNorm {
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
}

/** Everything the pre- and post-processing need to know about a loaded model. */
export interface ModelLayout {
  readonly format: ModelFormat;
  readonly inputName: string;
  /** The outputs the decoder reads, in the order it wants them. */
  readonly outputNames: readonly string[];
  readonly inputWidth: number;
  readonly inputHeight: number;
  readonly numClasses: number;
  /** Candidate boxes per frame (rows of YOLOX, columns of YOLOv8, queries of a DETR, max rows of YOLO-NAS). */
  readonly anchors: number;
  /** YOLOX and YOLO-NAS want BGR, the others RGB. */
  readonly channelOrder: 'bgr' | 'rgb';
  /** uint8 0-255 (YOLO-NAS, which divides inside the graph) or float32 scaled by `pixelScale`. */
  readonly inputType: 'float32' | 'uint8';
  readonly pixelScale: number;
  readonly pixelNorm: PixelNorm | null;
  /** D-FINE/RT-DETR's second input (`orig_target_sizes`, int64 [1,2]): the size boxes are scaled to. */
  readonly sizesInputName: string | null;
}

/** A tensor's name, element type and shape as the runtime reports it; dynamic dimensions are strings or -1. */
export interface TensorInfo {
  readonly name: string;
  readonly shape: readonly (number | string)[];
  /** ORT's element type name (float32, uint8, int64); absent when unknown. */
  readonly type?: string;
}

/** YOLOX and YOLOv8 predict on three feature maps with these strides. */
export const YOLO_STRIDES = [8, 16, 32] as const;
const DEFAULT_INPUT_SIZE = 640;

/** Grid cells over all strides for an input size: 3549 at 416x416, 8400 at 640x640. */
export function gridCellCount(width: number, height: number): number {
  return YOLO_STRIDES.reduce((sum, s) => sum + Math.floor(width / s) * Math.floor(height / s), 0);
}

/** The parts of a layout every format shares, from its image input. */
export type LayoutBase = Pick<ModelLayout, 'inputName' | 'inputWidth' | 'inputHeight'>;

/** Float input scaled by `pixelScale`, no normalisation, no second input: most formats. */
export const PLAIN_FLOAT = { inputType: 'float32', pixelNorm: null, sizesInputName: null } as const;

/**
 * Works out the format of a single-output YOLO model from its output shape: YOLOX puts anchors first
 * ([1,N,5+C]), Ultralytics (and YOLOv9) put channels first ([1,4+C,N]). An explicit `requested` format wins.
 */
export function modelLayoutFrom(
  input: TensorInfo,
  output: TensorInfo,
  requested: 'auto' | 'yolox' | 'yolov8',
): Result<ModelLayout, string> {
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
  const base = { inputName: input.name, outputNames: [output.name], inputWidth: width, inputHeight: height, ...PLAIN_FLOAT };
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

function guessFormat(a: number | undefined, b: number | undefined): 'yolox' | 'yolov8' | null {
  if (a === undefined || b === undefined) return null;
  if (a > b) return 'yolox';
  if (b > a) return 'yolov8';
  return null;
}

/** Width and height of an NCHW image input; a dynamic size is taken as `fallback` (640, the usual export size). */
export function inputSize(
  input: TensorInfo,
  fallback = DEFAULT_INPUT_SIZE,
  multiple = 32,
): Result<{ width: number; height: number }, string> {
  const dims = input.shape.map(fixedDim);
  if (dims.length !== 4 || (dims[1] !== undefined && dims[1] !== 3)) {
    return err(`input "${input.name}" has shape [${input.shape.join(',')}]; expected [1,3,H,W]`);
  }
  const height = dims[2] ?? fallback;
  const width = dims[3] ?? fallback;
  if (height % multiple !== 0 || width % multiple !== 0) return err(`input size ${width}x${height} is not a multiple of ${multiple}`);
  return ok({ width, height });
}

/** A dimension the model fixes, or undefined when it is dynamic. */
export function fixedDim(d: number | string): number | undefined {
  return typeof d === 'number' && d > 0 ? d : undefined;
}
