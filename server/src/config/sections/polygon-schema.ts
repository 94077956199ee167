import { z } from 'zod';
import { polygonArea, type ZonePoint, type ZonePolygon } from '../../core/zone.js';

const NUMBER = '[0-9]+(\\.[0-9]+)?';
/** Numbers separated by commas and/or spaces; pairs are checked after (a pattern cannot count them). */
const POLYGON_TEXT = new RegExp(`^ *${NUMBER}( *[, ] *${NUMBER})+ *$`);

/**
 * A polygon on a camera's picture, written as Frigate writes its zones and masks: "x1,y1,x2,y2,..."
 * in shares of the picture (0-1, from the top left), at least three points, spaces allowed between
 * pairs ("0.1,0.5 0.4,0.5 0.4,1"). Text, not a list of pairs, so the add-on's Configuration tab can
 * hold it too; read as a list of [x, y] points.
 */
export const PolygonSchema = z
  .string()
  .regex(POLYGON_TEXT, 'x1,y1,x2,y2,... as numbers from 0 to 1')
  .transform((text, ctx): ZonePoint[] => {
    const numbers = text
      .trim()
      .split(/[\s,]+/)
      .map(Number);
    const points: ZonePoint[] = [];
    for (let i = 0; i + 1 < numbers.length; i += 2) points.push([numbers[i] ?? 0, numbers[i + 1] ?? 0]);
    const problem =
      numbers.length % 2 !== 0
        ? `an x without its y: ${numbers.length} numbers`
        : points.length < 3
          ? `at least 3 points are needed, got ${points.length}`
          : numbers.some((n) => n > 1)
            ? 'coordinates are shares of the picture, from 0 to 1'
            : polygonArea(points) === 0
              ? 'the points lie on one line and enclose nothing'
              : null;
    if (problem === null) return points;
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  });

/** A parsed polygon as the code reads it: the config's camel-cased type sees the [x, y] pairs as plain arrays. */
export function asPolygon(points: readonly (readonly number[])[]): ZonePolygon {
  return points.map(([x = 0, y = 0]): ZonePoint => [x, y]);
}
