import type { Box } from '../core/detection.js';

/**
 * How a source frame sits inside the model input: scaled to fit (aspect ratio kept), then
 * centred on a grey canvas. The same numbers drive ffmpeg's scale/pad and the way back.
 */
export interface Letterbox {
  readonly srcWidth: number;
  readonly srcHeight: number;
  readonly dstWidth: number;
  readonly dstHeight: number;
  readonly scaledWidth: number;
  readonly scaledHeight: number;
  readonly padX: number;
  readonly padY: number;
}

/** Grey 114 on every channel, as both YOLOX and Ultralytics pad during training. */
export const LETTERBOX_PAD_VALUE = 114;

export function computeLetterbox(srcWidth: number, srcHeight: number, dstWidth: number, dstHeight: number): Letterbox {
  if (srcWidth <= 0 || srcHeight <= 0) throw new RangeError(`bad source size ${srcWidth}x${srcHeight}`);
  const scale = Math.min(dstWidth / srcWidth, dstHeight / srcHeight);
  const scaledWidth = clamp(Math.round(srcWidth * scale), 1, dstWidth);
  const scaledHeight = clamp(Math.round(srcHeight * scale), 1, dstHeight);
  return {
    srcWidth,
    srcHeight,
    dstWidth,
    dstHeight,
    scaledWidth,
    scaledHeight,
    padX: Math.floor((dstWidth - scaledWidth) / 2),
    padY: Math.floor((dstHeight - scaledHeight) / 2),
  };
}

/** Maps a box in model-input pixels back to source pixels, clipped to the frame. */
export function toSourceBox(box: Box, lb: Letterbox): Box {
  // Separate x and y factors: rounding the scaled size makes them differ slightly.
  const fx = lb.srcWidth / lb.scaledWidth;
  const fy = lb.srcHeight / lb.scaledHeight;
  return [
    clamp((box[0] - lb.padX) * fx, 0, lb.srcWidth),
    clamp((box[1] - lb.padY) * fy, 0, lb.srcHeight),
    clamp((box[2] - lb.padX) * fx, 0, lb.srcWidth),
    clamp((box[3] - lb.padY) * fy, 0, lb.srcHeight),
  ];
}

/** The ffmpeg filter chain that produces exactly this letterbox from a source frame. */
export function letterboxFilter(lb: Letterbox): string {
  const grey = LETTERBOX_PAD_VALUE.toString(16).padStart(2, '0').repeat(3);
  return `scale=${lb.scaledWidth}:${lb.scaledHeight}:flags=bilinear,pad=${lb.dstWidth}:${lb.dstHeight}:${lb.padX}:${lb.padY}:color=0x${grey}`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
