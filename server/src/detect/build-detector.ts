import type { ObjectDetector } from '../core/object-detector.js';
import type { Services } from '../runtime/services.js';
import { OnnxDetector } from './onnx-detector.js';

/** The ONNX detector when `detector.enabled`, else null (the detect stage is then skipped with a reason). */
export function buildDetector({ config, tools, log }: Services): ObjectDetector | null {
  if (!config.detector.enabled) return null;
  return new OnnxDetector({ config: config.detector, dataDir: config.dataDir, tools, log: log.child({ component: 'detector' }) });
}
