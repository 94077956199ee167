import { z } from 'zod';
import { ArmedReasonSchema } from '../core/camera-arming.js';
import { SourceKindSchema } from '../core/clip.js';
import { RiskLevelSchema } from '../core/risk-level.js';

/** One camera as the dashboard shows it (REST and socket.io): configuration, live state, armed flag, newest clip. */
export const CameraViewSchema = z.object({
  name: z.string(),
  source: SourceKindSchema,
  enabled: z.boolean(),
  /** null: the camera has no live stream to watch (folder, FTP) and has not reported a state. */
  online: z.boolean().nullable(),
  detail: z.string().nullable(),
  lastFrameAt: z.string().nullable(),
  armed: z.boolean(),
  /** Why: the arming mode's decision (nobody_home, someone_home, schedule), manual_override, or manual (the switch alone). */
  armedReason: ArmedReasonSchema,
  /** The camera's session has written a latest picture (GET /api/cameras/:name/latest.jpg answers). */
  hasPicture: z.boolean(),
  lastClip: z
    .object({ id: z.string(), startedAt: z.string(), title: z.string().nullable(), riskLevel: RiskLevelSchema.nullable() })
    .nullable(),
});
export type CameraView = z.infer<typeof CameraViewSchema>;
