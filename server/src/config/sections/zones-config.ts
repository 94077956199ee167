import { z } from 'zod';
import type { CamelCasedDeep } from '../camel-case-keys.js';
import type { Zone } from '../../core/zone.js';
import { asPolygon, PolygonSchema } from './polygon-schema.js';

export const ZONE_NAME_PATTERN = /^[a-z0-9_]+$/;

/**
 * A named part of one camera's picture ("driveway"): events record the zones their trigger objects
 * entered (feet, the box's bottom centre, inside the polygon), alert overrides can require one, and
 * Home Assistant gets an occupancy sensor per zone. A list beside `cameras`, not inside each camera:
 * the add-on's options cannot hold a list of named objects inside a camera.
 */
export const ZoneConfigSchema = z
  .strictObject({
    camera: z.string().min(1).describe('Camera the zone is drawn on'),
    name: z
      .string()
      .max(64)
      .regex(ZONE_NAME_PATTERN, 'zone names use lowercase letters, digits and _ only')
      .describe('Zone name, unique per camera (driveway, porch); used in entity ids and alerts.overrides[].require_zones'),
    points: PolygonSchema.describe(
      'The zone\'s outline: "x1,y1,x2,y2,..." as shares (0-1) of the picture from its top left, at least 3 points (as Frigate writes zone coordinates)',
    ),
    labels: z
      .array(z.string().min(1))
      .default([])
      .describe("Labels that count in the zone (person, car); empty = the detector's trigger labels"),
  })
  .describe('A named zone on a camera picture');
export type ZoneConfig = CamelCasedDeep<z.output<typeof ZoneConfigSchema>>;

type Problem = { path: (string | number)[]; message: string };

/**
 * On the raw document: a zone's camera must be configured, its name unique on that camera, and every
 * alerts.overrides[].require_zones entry must name a zone of the override's camera.
 */
export function zoneProblems(doc: unknown, cameras: ReadonlyMap<string, number>): Problem[] {
  const zones = (doc as { zones?: unknown } | null)?.zones;
  const problems: Problem[] = [];
  const byCamera = new Map<string, Set<string>>();
  if (Array.isArray(zones)) {
    zones.forEach((zone: unknown, index) => {
      const { camera, name } = (zone ?? {}) as { camera?: unknown; name?: unknown };
      if (typeof camera !== 'string' || typeof name !== 'string') return;
      if (!cameras.has(camera)) problems.push({ path: ['zones', index, 'camera'], message: `unknown camera "${camera}"` });
      const names = byCamera.get(camera) ?? new Set<string>();
      if (names.has(name)) problems.push({ path: ['zones', index, 'name'], message: `duplicate zone "${name}" on camera ${camera}` });
      names.add(name);
      byCamera.set(camera, names);
    });
  }
  const overrides = (doc as { alerts?: { overrides?: unknown } } | null)?.alerts?.overrides;
  if (!Array.isArray(overrides)) return problems;
  overrides.forEach((override: unknown, index) => {
    const { camera, require_zones: required } = (override ?? {}) as { camera?: unknown; require_zones?: unknown };
    if (typeof camera !== 'string' || !Array.isArray(required)) return;
    const known = byCamera.get(camera) ?? new Set<string>();
    required.forEach((zone: unknown, z) => {
      if (typeof zone === 'string' && !known.has(zone)) {
        const choices = known.size > 0 ? `zones of ${camera}: ${[...known].join(', ')}` : `camera ${camera} has no zones`;
        problems.push({ path: ['alerts', 'overrides', index, 'require_zones', z], message: `unknown zone "${zone}" (${choices})` });
      }
    });
  });
  return problems;
}

/** The zones of each camera, as the code reads them. */
export function zonesByCamera(zones: readonly ZoneConfig[]): ReadonlyMap<string, readonly Zone[]> {
  const byCamera = new Map<string, Zone[]>();
  for (const { camera, name, points, labels } of zones)
    byCamera.set(camera, [...(byCamera.get(camera) ?? []), { name, points: asPolygon(points), labels }]);
  return byCamera;
}
