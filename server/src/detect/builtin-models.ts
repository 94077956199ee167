import { fileURLToPath } from 'node:url';
import type { ModelFormat } from './model-format.js';

/** A model HomeSec knows by name: the copy it ships (if any), where else to fetch it, and its checksum. */
export interface BuiltinModel {
  readonly fileName: string;
  /** Shipped in the repository's and the image's `models/` folder, so the default works offline. */
  readonly shipped: boolean;
  readonly url: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly format: ModelFormat;
  readonly license: string;
}

export const BUILTIN_MODELS: Readonly<Record<string, BuiltinModel>> = {
  yolox_nano: {
    fileName: 'yolox_nano.onnx',
    shipped: true,
    url: 'https://github.com/Megvii-BaseDetection/YOLOX/releases/download/0.1.1rc0/yolox_nano.onnx',
    sha256: 'e8af074932d4ed7e232278e3055cefcdea3edf178874a3694ae292649fb464dd',
    bytes: 3_678_356,
    format: 'yolox',
    license: 'Apache-2.0 (Megvii YOLOX)',
  },
};

/**
 * `<root>/models`: the same three levels up from server/src/detect (a checkout) and server/dist/detect
 * (npm start, the add-on image's /opt/homesec).
 */
export const SHIPPED_MODELS_DIR = fileURLToPath(new URL('../../../models/', import.meta.url));

export function builtinModel(name: string): BuiltinModel | undefined {
  return Object.hasOwn(BUILTIN_MODELS, name) ? BUILTIN_MODELS[name] : undefined;
}
