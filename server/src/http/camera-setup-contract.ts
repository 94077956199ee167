/**
 * The add-camera wizard (issue #24 point 1): find a camera's streams from its address and login, then
 * save it as an RTSP, FTP or folder camera. Like contract.ts, the web imports only types from here.
 *
 * Passwords travel from the browser to HomeSec only: no URL, message or log line that leaves the
 * server holds one. Stream URLs in answers are without credentials; the save puts them back.
 */
import { z } from 'zod';
import { CAMERA_NAME_PATTERN } from '../config/sections/camera-config.js';

/** A host name or IPv4/IPv6 address as the user types it, without scheme, path or credentials. */
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*|\[?[0-9a-fA-F:.]+\]?)$/;

const CameraNameSchema = z.string().min(1).max(64).regex(CAMERA_NAME_PATTERN, 'camera names use lowercase letters, digits and _ only');
const PortSchema = z.number().int().min(1).max(65535);

/** POST /api/camera-setup/probe */
export const CameraProbeBodySchema = z.strictObject({
  host: z.string().min(1).max(253).regex(HOST, 'a host name or IP address, without rtsp:// or a path'),
  username: z.string().max(128).default(''),
  password: z.string().max(256).default(''),
  /** The ONVIF device service's HTTP port (80 on most cameras). */
  onvifPort: PortSchema.default(80),
  /** The RTSP port the brand paths are tried on (554 on most cameras). */
  rtspPort: PortSchema.default(554),
});
export type CameraProbeBody = z.input<typeof CameraProbeBodySchema>;

/** How one way of finding streams went: the ONVIF device service, or one brand's RTSP path. */
export const ProbeAttemptSchema = z.object({
  /**
   * `onvif`, or the brand whose path was tried (`Reolink`, `Hikvision`, `Dahua/Amcrest`, `Tapo`, `Axis`, `generic`; UniFi's
   * per-camera tokens cannot be guessed: the nothing_found message says where to copy its URL from), or `rtsp` for the one
   * connection to the RTSP port made before any path, when nothing accepted it (then no path is tried).
   */
  method: z.string(),
  /** The path tried (`/h264Preview_01_main`), or the ONVIF device service URL; never with credentials. */
  target: z.string(),
  outcome: z.enum(['found', 'unauthorized', 'not_found', 'timeout', 'unreachable', 'error']),
  /** A short reason for the outcome in words, without credentials. */
  detail: z.string(),
});
export type ProbeAttempt = z.infer<typeof ProbeAttemptSchema>;

/** One stream found, read with ffprobe. */
export const FoundStreamSchema = z.object({
  /** Opaque id, unique within one probe answer. */
  id: z.string(),
  /** `onvif` or the brand whose path answered. */
  method: z.string(),
  /** The ONVIF profile name, or `main` / `sub` for a brand path. */
  label: z.string(),
  /** rtsp://host:port/path, without credentials. */
  url: z.string(),
  /** As ffmpeg names it: `h264`, `hevc`, `mjpeg`. */
  codec: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  fps: z.number().nullable(),
  /** One picture of the stream as a `data:image/jpeg;base64,` URL, or null when none could be taken. */
  snapshot: z.string().nullable(),
});
export type FoundStream = z.infer<typeof FoundStreamSchema>;

export const CameraProbeResponseSchema = z.object({
  streams: z.array(FoundStreamSchema),
  attempts: z.array(ProbeAttemptSchema),
  /** The largest stream, to record; the smallest when there are two or more, to detect on (null: the main one serves both). */
  recommended: z.object({ record: z.string(), detect: z.string().nullable() }).nullable(),
  /**
   * When nothing was found, why, in words the user can act on: `unauthorized` (the camera refused the
   * user name or password), `unreachable` (nothing answers at that address), `nothing_found`.
   */
  problem: z.object({ code: z.enum(['unauthorized', 'unreachable', 'nothing_found']), message: z.string() }).nullable(),
});
export type CameraProbeResponse = z.infer<typeof CameraProbeResponseSchema>;

/** POST /api/camera-setup/cameras: saves a camera (the add-on's options then a restart, or the YAML config file). */
export const SaveCameraBodySchema = z.discriminatedUnion('source', [
  z.strictObject({
    source: z.literal('rtsp'),
    name: CameraNameSchema,
    /** A stream URL from the probe answer, without credentials. */
    url: z.string().regex(/^rtsps?:\/\/[^@/]+(\/.*)?$/, 'an rtsp:// URL without credentials'),
    detectUrl: z
      .string()
      .regex(/^rtsps?:\/\/[^@/]+(\/.*)?$/, 'an rtsp:// URL without credentials')
      .nullable()
      .default(null),
    username: z.string().max(128).default(''),
    password: z.string().max(256).default(''),
  }),
  z.strictObject({ source: z.literal('ftp'), name: CameraNameSchema, password: z.string().min(8).max(256) }),
  z.strictObject({ source: z.literal('folder'), name: CameraNameSchema }),
]);
export type SaveCameraBody = z.input<typeof SaveCameraBodySchema>;

/** Where an FTP or folder camera sends its clips, for the wizard's "set up your camera" step. */
export const ClipDeliverySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('ftp'),
    /** The address to type into the camera (the host's LAN address in the add-on), or null when HomeSec cannot tell. */
    host: z.string().nullable(),
    port: z.number().int(),
    username: z.string(),
    /**
     * Whether HomeSec's FTP server runs for this camera. There is no `ftp.enabled`: the one server runs whenever an
     * enabled FTP camera exists, so with this camera it runs from the (re)start the answer's `restart` speaks of.
     */
    serverEnabled: z.boolean(),
  }),
  z.object({ kind: z.literal('folder'), path: z.string() }),
]);
export type ClipDelivery = z.infer<typeof ClipDeliverySchema>;

export const SaveCameraResponseSchema = z.object({
  camera: z.string(),
  /** `restarting`: the add-on restarts with the camera now; `needed`: the config file has it, restart HomeSec. */
  restart: z.enum(['restarting', 'needed']),
  message: z.string(),
  /** FTP and folder cameras: where their clips go; null for RTSP. */
  delivery: ClipDeliverySchema.nullable(),
});
export type SaveCameraResponse = z.infer<typeof SaveCameraResponseSchema>;

/** GET /api/camera-setup: whether and where the wizard can save a camera. */
export const CameraSetupInfoSchema = z.object({
  /** `addon`: the add-on's options and a restart; `file`: the YAML file HomeSec started with; null: embedded defaults, nowhere to save. */
  saveTo: z.enum(['addon', 'file']).nullable(),
  /** The names taken by cameras HomeSec has (or was given since it started). */
  cameraNames: z.array(z.string()),
});
export type CameraSetupInfo = z.infer<typeof CameraSetupInfoSchema>;
