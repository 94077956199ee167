import { z } from 'zod';
import type { CamelCasedDeep } from '../camel-case-keys.js';
import { PolygonSchema } from './polygon-schema.js';

export const CAMERA_NAME_PATTERN = /^[a-z0-9_]+$/;

const cameraBase = {
  name: z
    .string()
    .max(64)
    .regex(CAMERA_NAME_PATTERN, 'camera names use lowercase letters, digits and _ only')
    .describe('Unique camera name; used in topics, entity ids and folder names'),
  enabled: z.boolean().default(true).describe('A disabled camera gets no source'),
  context: z.string().max(2000).default('').describe('What this camera sees and what is normal there; given to the VLM'),
};

export const FolderCameraSchema = z.strictObject({
  ...cameraBase,
  source: z.literal('folder'),
  path: z.string().min(1).optional().describe('Folder to watch for new clips (default <data_dir>/inbox/<name>)'),
});

export const FtpCameraSchema = z.strictObject({
  ...cameraBase,
  source: z.literal('ftp'),
  username: z.string().min(1).optional().describe('FTP user this camera logs in as (default: the camera name)'),
  password: z.string().default('').describe('FTP password of this camera (secret)'),
});

const MotionMaskRectSchema = z
  .strictObject({
    x: z.number().min(0).max(1).describe('Left edge as a share of the frame width (0-1)'),
    y: z.number().min(0).max(1).describe('Top edge as a share of the frame height (0-1)'),
    w: z.number().gt(0).max(1).describe('Width as a share of the frame width (0-1)'),
    h: z.number().gt(0).max(1).describe('Height as a share of the frame height (0-1)'),
  })
  .describe('A rectangle where motion is ignored (trees, a busy road, a timestamp overlay)');

const RtspMotionSchema = z
  .strictObject({
    fps: z.number().min(1).max(30).default(5).describe('Frames per second decoded for motion detection'),
    // A small frame finds the same changed regions for a fraction of the CPU (Frigate measures motion
    // on 100-pixel-high frames for the same reason).
    width: z.number().int().min(32).max(1920).default(160).describe('Width of the grey frames motion is measured on (pixels)'),
    height: z.number().int().min(18).max(1080).default(90).describe('Height of the grey frames motion is measured on (pixels)'),
    blur: z
      .number()
      .int()
      .min(0)
      .max(10)
      .default(1)
      .describe('Blur radius in pixels (a box blur on the motion frame) against sensor noise; 0 = off'),
    pixel_threshold: z.number().int().min(1).max(255).default(30).describe('Grey-level change (0-255) for a pixel to count as changed'),
    min_changed_pct: z
      .number()
      .gt(0)
      .max(100)
      .default(1)
      .describe('Share of unmasked pixels (%) whose change starts a recording wherever it is (min_area usually notices first)'),
    // Frigate's contour_area: one region of changed pixels, so a few people far away are motion
    // although they change a tiny share of a large frame.
    min_area: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(10)
      .describe('Pixels of the motion frame in one changed region (grown by one pixel) that start a recording'),
    light_change_pct: z
      .number()
      .gt(0)
      .max(100)
      .default(50)
      .describe('A change over this share of unmasked pixels (%) at once is a light change (lamps, headlights, IR), not motion'),
    recording_sensitivity: z
      .number()
      .min(1)
      .max(10)
      .default(2)
      .describe('While recording, min_changed_pct and min_area are divided by this, so fading motion keeps the clip going'),
    mask: z.array(MotionMaskRectSchema).max(32).default([]).describe('Rectangles ignored by motion detection'),
    mask_polygons: z
      .array(PolygonSchema)
      .max(32)
      .default([])
      .describe('Polygons ignored by motion detection, each "x1,y1,x2,y2,..." in shares (0-1) of the picture (as zones are written)'),
    off_delay_s: z
      .number()
      .min(0)
      .max(600)
      .default(10)
      .describe('Seconds without motion before the motion sensor turns off and the live detector stops'),
  })
  .prefault({})
  .describe('Motion detection on the detect stream (or the main stream when there is none)');

const RtspReconnectSchema = z
  .strictObject({
    initial_delay_s: z.number().min(0.1).max(60).default(1).describe('First wait before reconnecting a stream'),
    max_delay_s: z.number().min(1).max(600).default(30).describe('Longest wait between reconnect attempts'),
    detect_fallback_after: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(3)
      .describe('Failed detect-stream attempts in a row before motion falls back to the main stream'),
    detect_retry_s: z.number().min(5).max(3600).default(60).describe('While on the fallback, how often the detect stream is checked again'),
  })
  .prefault({})
  .describe('How a lost or unreachable stream is retried (backoff with jitter, forever)');

/** What every live camera (RTSP, Home Assistant) records and measures motion with: one session, a rolling buffer. */
const liveRecordingFields = {
  motion: RtspMotionSchema,
  pre_roll_s: z.number().min(0).max(60).default(5).describe('Seconds of video kept before the first motion'),
  post_roll_s: z.number().min(0).max(300).default(10).describe('Seconds recorded after the last motion'),
  max_clip_s: z.number().min(10).max(3600).default(120).describe('Longer recordings are split into clips of this length'),
  segment_s: z
    .number()
    .min(1)
    .max(10)
    .default(1)
    .describe('Length of the rolling buffer segments (cut at key frames, so never shorter than the camera GOP)'),
  stall_timeout_s: z
    .number()
    .min(1)
    .max(120)
    .default(5)
    .describe('A stream that delivers nothing for this long is treated as stalled and reconnected'),
  reconnect: RtspReconnectSchema,
};

function clipOutlastsRolls(camera: { pre_roll_s: number; post_roll_s: number; max_clip_s: number }, ctx: z.RefinementCtx): void {
  if (camera.pre_roll_s + camera.post_roll_s >= camera.max_clip_s) {
    ctx.addIssue({ code: 'custom', path: ['max_clip_s'], message: 'must be longer than pre_roll_s + post_roll_s' });
  }
}

export const RtspCameraSchema = z
  .strictObject({
    ...cameraBase,
    source: z.literal('rtsp'),
    url: z
      .string()
      .regex(/^rtsps?:\/\//, 'must start with rtsp:// or rtsps://')
      .describe('Main stream URL; credentials allowed, never logged'),
    detect_url: z
      .string()
      .regex(/^rtsps?:\/\//, 'must start with rtsp:// or rtsps://')
      .optional()
      .describe('Optional low-resolution stream for motion detection'),
    transport: z.enum(['tcp', 'udp']).default('tcp').describe('RTSP transport'),
    ...liveRecordingFields,
  })
  .superRefine(clipOutlastsRolls);

/**
 * A camera Home Assistant already has (any `camera.*` entity with a stream): HomeSec asks Core for its
 * stream at every (re)connect and records it like an RTSP camera. Its password stays in Home Assistant.
 */
export const HomeAssistantCameraSchema = z
  .strictObject({
    ...cameraBase,
    source: z.literal('home_assistant'),
    entity_id: z
      .string()
      .regex(/^camera\.[a-z0-9_]+$/, 'must be a camera entity id, e.g. camera.front_door')
      .describe("The camera's entity in Home Assistant (camera.xxx); its stream is asked of Home Assistant, no URL or password here"),
    snapshot_interval_s: z
      .number()
      .min(0.2)
      .max(60)
      .default(1)
      .describe('A camera Home Assistant has only snapshots of: seconds between the pictures HomeSec fetches (camera_proxy)'),
    ...liveRecordingFields,
  })
  .superRefine(clipOutlastsRolls);

export const CameraConfigSchema = z.discriminatedUnion('source', [
  FolderCameraSchema,
  FtpCameraSchema,
  RtspCameraSchema,
  HomeAssistantCameraSchema,
]);
export type CameraConfig = CamelCasedDeep<z.output<typeof CameraConfigSchema>>;
export type FolderCameraConfig = CamelCasedDeep<z.output<typeof FolderCameraSchema>>;
export type FtpCameraConfig = CamelCasedDeep<z.output<typeof FtpCameraSchema>>;
export type RtspCameraConfig = CamelCasedDeep<z.output<typeof RtspCameraSchema>>;
export type HomeAssistantCameraConfig = CamelCasedDeep<z.output<typeof HomeAssistantCameraSchema>>;
/** A camera HomeSec watches live (one stream session, motion, pre-roll): RTSP or Home Assistant. */
export type LiveCameraConfig = RtspCameraConfig | HomeAssistantCameraConfig;
export type RtspMotionConfig = RtspCameraConfig['motion'];

/** Whether HomeSec holds a live stream of this camera (motion, live detection, a dashboard picture). */
export function isLiveCamera(camera: CameraConfig): camera is LiveCameraConfig {
  return camera.source === 'rtsp' || camera.source === 'home_assistant';
}
