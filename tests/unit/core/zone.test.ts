import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Detection } from '../../../server/src/core/detection.js';
import {
  footOf,
  occupancyOf,
  pointInPolygon,
  polygonArea,
  withZones,
  zonesEntered,
  type Zone,
  type ZonePoint,
} from '../../../server/src/core/zone.js';

const share = fc.double({ min: 0, max: 1, noNaN: true });
/** An axis-aligned rectangle on a grid of hundredths, at least one step on each side, as [x0, y0, x1, y1]. */
const grid = fc.integer({ min: 0, max: 100 });
const rect = fc
  .tuple(grid, grid, grid, grid)
  .filter(([a, b, c, d]) => a !== c && b !== d)
  .map(([a, b, c, d]) => [Math.min(a, c) / 100, Math.min(b, d) / 100, Math.max(a, c) / 100, Math.max(b, d) / 100] as const);
const corners = ([x0, y0, x1, y1]: readonly [number, number, number, number]): ZonePoint[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
];
/** A point halfway between ten-thousandths: never on a grid line of hundredths, so never on the rectangle's outline. */
const offGrid = fc.integer({ min: 0, max: 9999 }).map((k) => (k + 0.5) / 10000);

/** The distance from a point to the outline: on (or a rounding error off) it, either answer is right. */
function distanceToOutline(polygon: readonly ZonePoint[], [x, y]: readonly [number, number]): number {
  let best = Number.POSITIVE_INFINITY;
  polygon.forEach(([ax, ay], i) => {
    const [bx, by] = polygon[(i + 1) % polygon.length] ?? [ax, ay];
    const length2 = (bx - ax) ** 2 + (by - ay) ** 2;
    const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / length2));
    best = Math.min(best, Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))));
  });
  return best;
}

describe('pointInPolygon', () => {
  it('agrees with the plain inside test of a rectangle for any point off its outline', () => {
    fc.assert(
      fc.property(rect, fc.tuple(offGrid, offGrid), (r, p) => {
        // Given a rectangle drawn as a polygon and a point not on its outline
        // When the point is tested, Then it is inside exactly when it lies between both pairs of edges
        const inside = p[0] > r[0] && p[0] < r[2] && p[1] > r[1] && p[1] < r[3];
        expect(pointInPolygon(p[0], p[1], corners(r))).toBe(inside);
      }),
    );
  });

  it('gives the same answer whichever corner the outline starts at and whichever way it runs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(share, share), { minLength: 3, maxLength: 12 }),
        fc.nat(),
        fc.tuple(share, share),
        (points, shift, p) => {
          // Given any polygon, the same polygon started at another corner, and it drawn backwards, and a point off its outline
          fc.pre(distanceToOutline(points, p) > 1e-9);
          const rotated = points.map((_, i) => points[(i + shift) % points.length] as ZonePoint);
          const reversed = [...points].reverse();
          // When one point is tested against the three, Then they agree
          const answer = pointInPolygon(p[0], p[1], points);
          expect(pointInPolygon(p[0], p[1], rotated)).toBe(answer);
          expect(pointInPolygon(p[0], p[1], reversed)).toBe(answer);
        },
      ),
    );
  });

  it('never finds a point outside the polygon bounding box, and finds the centre of a triangle in it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(share, share), { minLength: 3, maxLength: 12 }), fc.tuple(share, share), (points, p) => {
        // Given any polygon and a point beyond its bounding box
        const xs = points.map(([x]) => x);
        const ys = points.map(([, y]) => y);
        const margin = 1e-9;
        fc.pre(
          p[0] < Math.min(...xs) - margin ||
            p[0] > Math.max(...xs) + margin ||
            p[1] < Math.min(...ys) - margin ||
            p[1] > Math.max(...ys) + margin,
        );
        // Then the point is outside
        expect(pointInPolygon(p[0], p[1], points)).toBe(false);
      }),
    );
    fc.assert(
      fc.property(fc.tuple(share, share), fc.tuple(share, share), fc.tuple(share, share), (a, b, c) => {
        // Given a triangle that encloses some area
        const triangle: ZonePoint[] = [a, b, c];
        fc.pre(polygonArea(triangle) > 1e-6);
        // Then its centroid is inside
        expect(pointInPolygon((a[0] + b[0] + c[0]) / 3, (a[1] + b[1] + c[1]) / 3, triangle)).toBe(true);
      }),
    );
  });
});

const driveway: Zone = {
  name: 'driveway',
  points: [
    [0.5, 0.5],
    [1, 0.5],
    [1, 1],
    [0.5, 1],
  ],
  labels: [],
};
const porch: Zone = {
  name: 'porch',
  points: [
    [0, 0],
    [0.4, 0],
    [0.2, 0.4],
  ],
  labels: ['person', 'dog'],
};
const person = (box: Detection['box']): Detection => ({ label: 'person', score: 0.9, box });

describe('zones of a frame', () => {
  it('places an object by its feet, the bottom centre of its box', () => {
    // Given a 1000x500 frame and a tall person whose head reaches into the driveway but whose feet stand left of it
    const frame = { detections: [person([420, 100, 480, 400])], frameWidth: 1000, frameHeight: 500 };
    expect(footOf([420, 100, 480, 400], 1000, 500)).toStrictEqual([0.45, 0.8]);
    // When zones are worked out, Then the person is in no zone
    expect(zonesEntered(frame, [driveway, porch], ['person'])).toStrictEqual([]);
    // And a step to the right puts their feet, and them, in the driveway
    const stepped = { ...frame, detections: [person([520, 100, 580, 400])] };
    expect(zonesEntered(stepped, [driveway, porch], ['person'])).toStrictEqual(['driveway']);
  });

  it('counts only the labels a zone names (else the trigger labels), and leaves standing objects out of what entered', () => {
    // Given a car and a dog in the driveway, a dog on the porch, with person and car as trigger labels
    const car: Detection = { label: 'car', score: 0.8, box: [600, 300, 900, 480] };
    const dogs: Detection[] = [
      { label: 'dog', score: 0.7, box: [700, 400, 760, 450] },
      { label: 'dog', score: 0.7, box: [80, 20, 160, 100] },
    ];
    const frame = { detections: [car, ...dogs], frameWidth: 1000, frameHeight: 500 };
    // When occupancy is worked out, Then the driveway holds the car (a trigger label) and the porch the dog (its own label)
    expect(occupancyOf(frame, [driveway, porch], ['person', 'car'])).toStrictEqual([
      { zone: 'driveway', count: 1, labels: ['car'] },
      { zone: 'porch', count: 1, labels: ['dog'] },
    ]);
    // And only a trigger label enters a zone: the car does, unless it is parked (standing still there)
    expect(zonesEntered(frame, [driveway, porch], ['person', 'car'])).toStrictEqual(['driveway']);
    expect(zonesEntered(frame, [driveway, porch], ['person', 'car'], [{ label: 'car', box: [602, 301, 899, 480] }])).toStrictEqual([]);
  });

  it('keeps the zones an event entered in first-entered order without repeats', () => {
    expect(withZones([], ['porch', 'porch'])).toStrictEqual(['porch']);
    expect(withZones(['porch'], ['driveway', 'porch'])).toStrictEqual(['porch', 'driveway']);
    const known = ['porch'];
    expect(withZones(known, ['porch'])).toBe(known);
  });
});
