import type { ModelFormat, ModelLayout } from './model-format.js';
import type { DecodeOptions, ModelDetection } from './model-detection.js';
import type { NmsOptions } from './nms.js';

/** What a worker needs to load its own session and post-process on its own thread. */
export interface InferenceWorkerInit {
  readonly modelPath: string;
  readonly threads: number;
  readonly format: 'auto' | ModelFormat;
  readonly decode: DecodeOptions;
  readonly nms: NmsOptions;
}

/** A letterboxed HWC frame (model size, model channel order); its buffer is transferred, not copied. */
export interface DetectRequest {
  readonly type: 'detect';
  readonly id: number;
  readonly frame: Uint8Array<ArrayBuffer>;
}

export type InferenceWorkerReply =
  | { readonly type: 'ready'; readonly layout: ModelLayout }
  | { readonly type: 'load_failed'; readonly message: string }
  | { readonly type: 'detected'; readonly id: number; readonly detections: ModelDetection[]; readonly ms: number }
  | { readonly type: 'detect_failed'; readonly id: number; readonly message: string };
