import { z } from 'zod';

export const CAMERA_NAME_PATTERN = /^[a-z0-9_]+$/;

const cameraBase = {
  name: z
    .string()
    .max(64)
    .regex(CAMERA_NAME_PATTERN, 'camera names use lowercase letters, digits and _ only')
    .describe('Unique camera name; used in topics, entity ids and folder names'),
  enabled: z.boolean().default(true).describe('A disabled camera gets no source'),
  context: z
    .string()
    .max(2000)
    .default('')
    .describe('What this camera sees and what is normal there; given to the VLM'),
};

export const FolderCameraSchema = z.strictObject({
  ...cameraBase,
  source: z.literal('folder'),
  path: z
    .string()
    .min(1)
    .optional()
    .describe('Folder to watch for new clips (default <data_dir>/inbox/<name>)'),
});

export const FtpCameraSchema = z.strictObject({
  ...cameraBase,
  source: z.literal('ftp'),
  username: z
    .string()
    .min(1)
    .optional()
    .describe('FTP user this camera logs in as (default: the camera name)'),
  password: z.string().default('').describe('FTP password of this camera (secret)'),
});

export const RtspCameraSchema = z.strictObject({
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
});

export const CameraConfigSchema = z.discriminatedUnion('source', [
  FolderCameraSchema,
  FtpCameraSchema,
  RtspCameraSchema,
]);
export type CameraConfig = z.output<typeof CameraConfigSchema>;
export type FolderCameraConfig = z.output<typeof FolderCameraSchema>;
export type FtpCameraConfig = z.output<typeof FtpCameraSchema>;
export type RtspCameraConfig = z.output<typeof RtspCameraSchema>;
