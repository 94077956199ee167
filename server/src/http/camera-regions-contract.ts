/**
 * The zone editor (issue #24 point 2): a camera's motion mask polygons and zones, drawn on its latest
 * picture (GET/PUT /api/cameras/:name/regions). Like contract.ts, the web imports only types from here.
 */
import { z } from 'zod';
import { PolygonSchema } from '../config/sections/polygon-schema.js';
import { ZONE_NAME_PATTERN } from '../config/sections/zones-config.js';

/** A polygon as the config writes it ("x1,y1,x2,y2,..." in shares 0-1): checked by the config's own schema, kept as text. */
const PolygonTextSchema = z.string().superRefine((text, ctx) => {
  const parsed = PolygonSchema.safeParse(text);
  if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
});

export const RegionZoneSchema = z.strictObject({
  name: z.string().min(1).max(64).regex(ZONE_NAME_PATTERN, 'zone names use lowercase letters, digits and _ only'),
  points: PolygonTextSchema,
  /** Labels that count in the zone; empty: the detector's trigger labels. */
  labels: z.array(z.string().min(1).max(64)).max(100),
});
export type RegionZone = z.infer<typeof RegionZoneSchema>;

/** PUT /api/cameras/:name/regions: the camera's masks and zones, whole (the old ones are replaced). */
export const CameraRegionsBodySchema = z
  .strictObject({
    // The config's own caps: 32 mask polygons per camera, 256 zones in all.
    maskPolygons: z.array(PolygonTextSchema).max(32),
    zones: z.array(RegionZoneSchema).max(256),
  })
  .superRefine(({ zones }, ctx) => {
    const seen = new Set<string>();
    zones.forEach((zone, index) => {
      if (seen.has(zone.name)) ctx.addIssue({ code: 'custom', path: ['zones', index, 'name'], message: `duplicate zone "${zone.name}"` });
      seen.add(zone.name);
    });
  });
export type CameraRegionsBody = z.infer<typeof CameraRegionsBodySchema>;

/** GET /api/cameras/:name/regions */
export const CameraRegionsResponseSchema = z.object({
  camera: z.string(),
  maskPolygons: z.array(z.string()),
  zones: z.array(RegionZoneSchema),
  /** The detector's labels, to choose a zone's labels from. */
  labels: z.array(z.string()),
  /** Where a save goes: the add-on's options, the YAML file HomeSec was started with, or nowhere (embedded defaults). */
  saveTo: z.enum(['addon', 'file']).nullable(),
  /** Whether the camera has a latest picture to draw on (GET /api/cameras/:name/latest.jpg). */
  picture: z.boolean(),
});
export type CameraRegionsResponse = z.infer<typeof CameraRegionsResponseSchema>;

export const SaveCameraRegionsResponseSchema = z.object({
  /** `restarting`: the add-on restarts with them now; `needed`: the config file has them, restart HomeSec to apply them. */
  restart: z.enum(['restarting', 'needed']),
  message: z.string(),
});
export type SaveCameraRegionsResponse = z.infer<typeof SaveCameraRegionsResponseSchema>;
