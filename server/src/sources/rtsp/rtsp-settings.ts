import { join } from 'node:path';
import type { LiveCameraConfig } from '../../config/sections/camera-config.js';
import { asPolygon } from '../../config/sections/polygon-schema.js';
import type { BackoffPolicy } from '../../runtime/backoff.js';
import type { ClipPlannerOptions } from './recording/clip-planner.js';
import type { MotionDetectorOptions } from './stream/motion-detector.js';
import type { StreamUrl, StreamUrlProvider } from './stream/stream-url.js';

/** One RTSP camera's config in the units the code uses (ms, camelCase), derived once at construction. */
export interface RtspSettings {
  readonly camera: string;
  /** The RTSP URL from the config, or (a Home Assistant camera) the provider asked at every connect. */
  readonly url: StreamUrl;
  readonly detectUrl: string | null;
  readonly transport: 'tcp' | 'udp';
  readonly motionFps: number;
  /** Blur radius ffmpeg applies to motion frames (box blur). */
  readonly motionBlur: number;
  readonly motion: MotionDetectorOptions;
  /** No motion for this long: the live motion ends (the HA sensor turns off, the live detector stops). */
  readonly motionOffDelayMs: number;
  readonly planner: ClipPlannerOptions;
  readonly segmentS: number;
  /** ffmpeg's socket timeout: a dead connection ends the process. */
  readonly socketTimeoutS: number;
  readonly stallTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly stopGraceMs: number;
  readonly backoff: BackoffPolicy;
  readonly detectFallbackAfter: number;
  readonly detectRetryMs: number;
}

/** `streamUrl` is required for a Home Assistant camera: its URL is not in the config but asked of Core. */
export function rtspSettingsFrom(config: LiveCameraConfig, streamUrl?: StreamUrlProvider): RtspSettings {
  const stallTimeoutMs = config.stallTimeoutS * 1000;
  const url = config.source === 'rtsp' ? config.url : streamUrl;
  if (url === undefined) throw new Error(`camera ${config.name}: a Home Assistant camera needs the provider of its stream URL`);
  return {
    camera: config.name,
    url,
    detectUrl: config.source === 'rtsp' ? (config.detectUrl ?? null) : null,
    transport: config.source === 'rtsp' ? config.transport : 'tcp',
    motionFps: config.motion.fps,
    motionBlur: config.motion.blur,
    motionOffDelayMs: config.motion.offDelayS * 1000,
    motion: {
      width: config.motion.width,
      height: config.motion.height,
      pixelThreshold: config.motion.pixelThreshold,
      minChangedPct: config.motion.minChangedPct,
      minArea: config.motion.minArea,
      lightChangePct: config.motion.lightChangePct,
      recordingSensitivity: config.motion.recordingSensitivity,
      mask: config.motion.mask,
      maskPolygons: config.motion.maskPolygons.map(asPolygon),
    },
    planner: {
      preRollMs: config.preRollS * 1000,
      postRollMs: config.postRollS * 1000,
      maxClipMs: config.maxClipS * 1000,
      // Segments are cut at key frames; give a slow camera GOP and a stall time to deliver the last one.
      lateSegmentGraceMs: Math.max(5000, stallTimeoutMs + config.segmentS * 2000),
      motionLatencyMs: 2000,
    },
    segmentS: config.segmentS,
    socketTimeoutS: config.stallTimeoutS,
    stallTimeoutMs,
    // Connecting and probing the stream takes a few seconds before the first frame.
    connectTimeoutMs: stallTimeoutMs + 5000,
    stopGraceMs: 5000,
    backoff: { initialMs: config.reconnect.initialDelayS * 1000, maxMs: config.reconnect.maxDelayS * 1000, factor: 1.6, jitter: 0.25 },
    detectFallbackAfter: config.reconnect.detectFallbackAfter,
    detectRetryMs: config.reconnect.detectRetryS * 1000,
  };
}

/** An RTSP camera's work folder: its buffer, clips being assembled, the recording journal and the latest picture. */
export function rtspWorkDir(dataDir: string, camera: string): string {
  return join(dataDir, 'rtsp', camera);
}

/** The dashboard's picture of an RTSP camera, in its work folder, rewritten by its session every few seconds. */
export const RTSP_PICTURE_FILE = 'latest.jpg';

export function rtspPicturePath(dataDir: string, camera: string): string {
  return join(rtspWorkDir(dataDir, camera), RTSP_PICTURE_FILE);
}
