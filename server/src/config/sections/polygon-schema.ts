import { z } from 'zod';
import { polygonArea, type ZonePoint, type ZonePolygon } from '../../core/zone.js';

/** A share of the picture: 0 to 1. */
const SHARE = '(0(\\.[0-9]+)?|1(\\.0+)?)';
const PAIR = `${SHARE} *[, ] *${SHARE}`;
/**
 * Three pairs or more, separated by commas and/or spaces: the add-on's form (the Supervisor) checks
 * the same pattern, so it refuses what HomeSec would; a flat outline is refused after.
 */
const POLYGON_TEXT = new RegExp(`^ *${PAIR}( *[, ] *${PAIR}){2,} *$`);

/**
 * A polygon on a camera's picture, written as Frigate writes its zones and masks: "x1,y1,x2,y2,..."
 * in shares of the picture (0-1, from the top left), at least three points, spaces allowed between
 * pairs ("0.1,0.5 0.4,0.5 0.4,1"). Text, not a list of pairs, so the add-on's Configuration tab can
 * hold it too; read as a list of [x, y] points.
 */
export const PolygonSchema = z
  .string()
  .regex(POLYGON_TEXT, 'at least 3 points as x1,y1,x2,y2,... with numbers from 0 to 1')
  .transform((text, ctx): ZonePoint[] => {
    const numbers = text
      .trim()
      .split(/[\s,]+/)
      .map(Number);
    const points: ZonePoint[] = [];
    for (let i = 0; i + 1 < numbers.length; i += 2) points.push([numbers[i] ?? 0, numbers[i + 1] ?? 0]);
    if (polygonArea(points) > 0) return points;
    ctx.addIssue({ code: 'custom', message: 'the points lie on one line and enclose nothing' });
    return z.NEVER;
  });

/** A parsed polygon as the code reads it: the config's camel-cased type sees the [x, y] pairs as plain arrays. */
export function asPolygon(points: readonly (readonly number[])[]): ZonePolygon {
  return points.map(([x = 0, y = 0]): ZonePoint => [x, y]);
}
