import type { ModelFormat, ModelLayout } from './model-format.js';
import type { DecodeOptions, ModelDetection } from './model-detection.js';
import type { NmsOptions } from './nms.js';
import type { Region } from './regions.js';

/** What a worker needs to load its own session and post-process on its own thread. */
export interface InferenceWorkerInit {
  readonly modelPath: string;
  readonly threads: number;
  readonly format: 'auto' | ModelFormat;
  readonly decode: DecodeOptions;
  readonly nms: NmsOptions;
}

/**
 * A letterboxed HWC frame (model size, model channel order); its buffer is transferred, not copied.
 * With `crop`, `frame` is instead a whole detect frame in shared memory and the worker cuts the
 * region out itself (every region of a frame shares one copy, and the cutting stays off the main thread).
 */
export interface DetectRequest {
  readonly type: 'detect';
  readonly id: number;
  readonly frame: Uint8Array<ArrayBufferLike>;
  readonly crop?: RegionCrop;
}

/** Where a region lies in a shared detect frame of `width` x `height`. */
export interface RegionCrop {
  readonly width: number;
  readonly height: number;
  readonly region: Region;
}

export type InferenceWorkerReply =
  | { readonly type: 'ready'; readonly layout: ModelLayout }
  | { readonly type: 'load_failed'; readonly message: string }
  | { readonly type: 'detected'; readonly id: number; readonly detections: ModelDetection[]; readonly ms: number }
  | { readonly type: 'detect_failed'; readonly id: number; readonly message: string };
