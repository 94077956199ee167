/**
 * Adding a Home Assistant camera from the dashboard (GET/POST /api/ha/cameras). Like contract.ts, the
 * web imports only types from here.
 */
import { z } from 'zod';
import { CAMERA_NAME_PATTERN } from '../config/sections/camera-config.js';

export const HaCameraEntityIdSchema = z.string().regex(/^camera\.[a-z0-9_]+$/, 'must be a camera entity id, e.g. camera.front_door');

/** One `camera.*` entity of Home Assistant and the HomeSec camera that already watches it, if any. */
export const HaCameraSchema = z.object({
  entityId: z.string(),
  name: z.string(),
  /** The HomeSec camera with this entity, null when none has it yet. */
  homesecCamera: z.string().nullable(),
});
export type HaCamera = z.infer<typeof HaCameraSchema>;

export const HaCameraListResponseSchema = z.object({
  cameras: z.array(HaCameraSchema),
  /** Whether POST /api/ha/cameras can add one here (an add-on, or a config file to write to). */
  canAdd: z.boolean(),
});
export type HaCameraListResponse = z.infer<typeof HaCameraListResponseSchema>;

export const HaCameraParamsSchema = z.strictObject({ entity: HaCameraEntityIdSchema });

export const AddHaCameraBodySchema = z.strictObject({
  entityId: HaCameraEntityIdSchema,
  name: z.string().min(1).max(64).regex(CAMERA_NAME_PATTERN, 'camera names use lowercase letters, digits and _ only'),
});
export type AddHaCameraBody = z.infer<typeof AddHaCameraBodySchema>;

export const AddHaCameraResponseSchema = z.object({
  camera: z.string(),
  /** `restarting`: the add-on restarts with the camera now; `needed`: the config file has it, restart HomeSec to watch it. */
  restart: z.enum(['restarting', 'needed']),
  message: z.string(),
});
export type AddHaCameraResponse = z.infer<typeof AddHaCameraResponseSchema>;
