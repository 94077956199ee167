import type { DetectorConfig } from '../config/sections/detector-config.js';
import type { Logger } from '../core/logger.js';
import type { FfmpegTools } from '../media/ffmpeg-tools.js';
import { classIdsOf } from './coco-labels.js';
import { InferencePool } from './inference-pool.js';
import type { ScanEngine } from './media-scan.js';
import { resolveModelFile, type ModelFile } from './model-store.js';

/** Most boxes kept per frame after NMS. */
const MAX_DETECTIONS_PER_FRAME = 100;

export interface LoadedEngine {
  readonly engine: ScanEngine;
  /** The inference workers behind `engine` (to close them). */
  readonly pool: InferencePool;
  readonly model: ModelFile;
}

/**
 * Model file (downloaded if needed) + inference workers, from the detector config. Shared by the
 * service's detector and `homesec detect`. Throws ModelUnavailableError or ModelLoadError.
 */
export async function loadScanEngine(
  config: DetectorConfig,
  context: { readonly dataDir: string; readonly tools: FfmpegTools; readonly log: Logger; readonly signal?: AbortSignal },
): Promise<LoadedEngine> {
  const model = await resolveModelFile(
    { model: config.model, modelUrl: config.modelUrl, dataDir: context.dataDir, ...(context.signal ? { signal: context.signal } : {}) },
    context.log,
  );
  const pool = new InferencePool(
    {
      modelPath: model.path,
      threads: config.threads,
      format: config.format,
      decode: { minScore: config.minScore, classIds: keptClassIds(config) },
      nms: { iouThreshold: config.nmsIou, maxDetections: MAX_DETECTIONS_PER_FRAME },
    },
    config.maxConcurrent,
  );
  const layout = await pool.start();
  return { engine: { tools: context.tools, pool, layout }, pool, model };
}

/** Kept labels plus trigger labels as class ids; an empty `labels` keeps every class. */
export function keptClassIds(config: DetectorConfig): number[] | null {
  if (config.labels.length === 0) return null;
  return [...new Set(classIdsOf([...config.labels, ...config.triggerLabels]).ids)];
}
