import type { ModelFormat } from './model-format.js';

/** A model HomeSec can fetch by name: where from, and the checksum the download must match. */
export interface BuiltinModel {
  readonly fileName: string;
  readonly url: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly format: ModelFormat;
  readonly license: string;
}

export const BUILTIN_MODELS: Readonly<Record<string, BuiltinModel>> = {
  yolox_nano: {
    fileName: 'yolox_nano.onnx',
    url: 'https://github.com/Megvii-BaseDetection/YOLOX/releases/download/0.1.1rc0/yolox_nano.onnx',
    sha256: 'e8af074932d4ed7e232278e3055cefcdea3edf178874a3694ae292649fb464dd',
    bytes: 3_678_356,
    format: 'yolox',
    license: 'Apache-2.0 (Megvii YOLOX)',
  },
};

export function builtinModel(name: string): BuiltinModel | undefined {
  return Object.hasOwn(BUILTIN_MODELS, name) ? BUILTIN_MODELS[name] : undefined;
}
