import type { CameraRegionsBody, CameraRegionsResponse } from '../../camera-regions-contract';
import { formatPolygon, parsePolygon, type Point } from './polygon-text';

export type ShapeKind = 'mask' | 'zone';

/**
 * A shape of the editor: a motion mask or a named zone. `text` is what the coordinates field shows
 * (it may be half typed); `points` the last valid outline, drawn on the picture and saved.
 */
export interface RegionShape {
  readonly id: number;
  readonly kind: ShapeKind;
  readonly name: string;
  readonly labels: readonly string[];
  readonly points: readonly Point[];
  readonly text: string;
  /** Why `text` is not a polygon; null when it is. */
  readonly textError: string | null;
}

let nextId = 1;

export function newShape(kind: ShapeKind, points: readonly Point[], name = '', labels: readonly string[] = []): RegionShape {
  return { id: nextId++, kind, name, labels, points, text: formatPolygon(points), textError: null };
}

/** The shapes of the server's answer: masks first, then zones, as the config lists them. */
export function shapesOf(regions: CameraRegionsResponse): RegionShape[] {
  const outline = (text: string): Point[] => {
    const parsed = parsePolygon(text);
    return 'points' in parsed ? parsed.points : [];
  };
  return [
    ...regions.maskPolygons.map((text) => newShape('mask', outline(text))),
    ...regions.zones.map((zone) => newShape('zone', outline(zone.points), zone.name, zone.labels)),
  ];
}

/** The body of the save: each shape's outline as the config writes it. */
export function bodyOf(shapes: readonly RegionShape[]): CameraRegionsBody {
  return {
    maskPolygons: shapes.filter((s) => s.kind === 'mask').map((s) => formatPolygon(s.points)),
    zones: shapes.filter((s) => s.kind === 'zone').map((s) => ({ name: s.name, points: formatPolygon(s.points), labels: [...s.labels] })),
  };
}

/** What stops a save, in words, or null: a coordinates field that is not a polygon, a zone without a good or unique name. */
export function saveProblem(shapes: readonly RegionShape[]): string | null {
  const names = new Set<string>();
  for (const shape of shapes) {
    const what = shapeTitle(shape, shapes);
    if (shape.textError) return `${what}: ${shape.textError}`;
    if (shape.kind !== 'zone') continue;
    if (!/^[a-z0-9_]{1,64}$/.test(shape.name)) return `${what}: name it with lowercase letters, digits and _`;
    if (names.has(shape.name)) return `Two zones are named ${shape.name}: each needs its own name`;
    names.add(shape.name);
  }
  return null;
}

/** "Motion mask 1" or "Zone driveway": how the list and the buttons name a shape. */
export function shapeTitle(shape: RegionShape, shapes: readonly RegionShape[]): string {
  const nth = shapes.filter((s) => s.kind === shape.kind).indexOf(shape) + 1;
  return shape.kind === 'mask' ? `Motion mask ${nth}` : `Zone ${shape.name || nth}`;
}

/** A name for a new zone not taken yet: zone_1, zone_2, ... */
export function freeZoneName(shapes: readonly RegionShape[]): string {
  const taken = new Set(shapes.map((s) => s.name));
  let n = 1;
  while (taken.has(`zone_${n}`)) n++;
  return `zone_${n}`;
}
