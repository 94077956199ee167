/** A point on the picture in shares of its width and height (0-1, from the top left). */
export type Point = readonly [x: number, y: number];

/** A share rounded to 4 decimals (a tenth of a pixel on a 1080p picture) and kept inside the picture. */
function share(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 10000) / 10000;
}

export function clampPoint([x, y]: Point): Point {
  return [share(x), share(y)];
}

/** Points as the config writes a polygon: "x1,y1,x2,y2,...". */
export function formatPolygon(points: readonly Point[]): string {
  return points.map(([x, y]) => `${share(x)},${share(y)}`).join(',');
}

/**
 * The points of a polygon's text, or why it is not one: the config's rules (pairs of numbers from 0
 * to 1, commas or spaces between them, at least three points). The server checks again on save.
 */
export function parsePolygon(text: string): { points: Point[] } | { error: string } {
  const parts = text
    .trim()
    .split(/[\s,]+/)
    .filter((p) => p !== '');
  if (parts.length % 2 !== 0) return { error: 'Give the numbers in pairs: x,y for each point' };
  const numbers = parts.map((p) => (/^(0(\.\d+)?|1(\.0+)?)$/.test(p) ? Number(p) : NaN));
  if (numbers.some((n) => Number.isNaN(n))) return { error: 'Each number is a share of the picture, from 0 to 1' };
  const points: Point[] = [];
  for (let i = 0; i + 1 < numbers.length; i += 2) points.push([numbers[i] ?? 0, numbers[i + 1] ?? 0]);
  if (points.length < 3) return { error: 'A shape needs at least 3 points' };
  if (Math.abs(area(points)) === 0) return { error: 'The points lie on one line and enclose nothing' };
  return { points };
}

/** Twice the signed area (shoelace): zero when the points are on one line. */
function area(points: readonly Point[]): number {
  let sum = 0;
  points.forEach(([x1, y1], i) => {
    const [x2, y2] = points[(i + 1) % points.length] ?? [0, 0];
    sum += x1 * y2 - x2 * y1;
  });
  return sum;
}
