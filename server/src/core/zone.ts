import type { Box, Detection } from './detection.js';

/** A point of the picture as shares of its width and height (0-1, from the top left): the same on every stream size. */
export type ZonePoint = readonly [x: number, y: number];

/** A polygon drawn on a camera's picture: a motion mask, or a zone's outline. */
export type ZonePolygon = readonly ZonePoint[];

/** A named part of a camera's picture ("driveway") and the labels that count there. */
export interface Zone {
  readonly name: string;
  readonly points: ZonePolygon;
  /** Labels that count in the zone; empty: the detector's trigger labels. */
  readonly labels: readonly string[];
}

/** How many objects a zone holds in one frame, and of which labels. */
export interface ZoneOccupancy {
  readonly zone: string;
  readonly count: number;
  readonly labels: readonly string[];
}

/**
 * Even-odd ray casting: a horizontal ray from the point crosses the outline an odd number of times
 * when the point is inside. Works for any simple or self-crossing polygon, either winding. A point
 * exactly on an edge may fall either side.
 */
export function pointInPolygon(x: number, y: number, polygon: ZonePolygon): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i];
    const b = polygon[j];
    if (!a || !b) continue;
    const [xi, yi] = a;
    const [xj, yj] = b;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Twice the signed area (shoelace): zero for points on one line, which enclose nothing. */
export function polygonArea(polygon: ZonePolygon): number {
  let sum = 0;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i];
    const b = polygon[j];
    if (a && b) sum += (b[0] - a[0]) * (b[1] + a[1]);
  }
  return Math.abs(sum) / 2;
}

/**
 * Where an object stands: its box's bottom centre, in shares of the frame. As Frigate does, a person
 * whose head reaches over the driveway while their feet are on the street is in the street.
 */
export function footOf(box: Box, frameWidth: number, frameHeight: number): ZonePoint {
  return [(box[0] + box[2]) / 2 / frameWidth, box[3] / frameHeight];
}

/** Whether a label counts in the zone: the zone's own labels, or the trigger labels when it names none. */
export function countsIn(zone: Zone, label: string, triggerLabels: readonly string[]): boolean {
  return zone.labels.length > 0 ? zone.labels.includes(label) : triggerLabels.includes(label);
}

export interface FrameOfDetections {
  readonly detections: readonly Detection[];
  readonly frameWidth: number;
  readonly frameHeight: number;
}

/** Per zone, the objects of the frame standing in it (labels that count there); every zone is listed, empty ones with 0. */
export function occupancyOf(frame: FrameOfDetections, zones: readonly Zone[], triggerLabels: readonly string[]): ZoneOccupancy[] {
  return zones.map((zone) => {
    const inside = frame.detections.filter(
      (d) => countsIn(zone, d.label, triggerLabels) && pointInPolygon(...footOf(d.box, frame.frameWidth, frame.frameHeight), zone.points),
    );
    return { zone: zone.name, count: inside.length, labels: [...new Set(inside.map((d) => d.label))].sort() };
  });
}

/**
 * The zones a trigger object (a trigger label that counts in the zone) stands in on this frame, in the
 * order of `zones`. Objects in `still` (standing still, by the same label and nearly the same box) are
 * left out: a parked car in the driveway did not enter it.
 */
export function zonesEntered(
  frame: FrameOfDetections,
  zones: readonly Zone[],
  triggerLabels: readonly string[],
  still: readonly { readonly label: string; readonly box: Box }[] = [],
): string[] {
  const moving = frame.detections.filter(
    (d) => triggerLabels.includes(d.label) && !still.some((s) => s.label === d.label && overlap(s.box, d.box) >= STILL_OVERLAP),
  );
  return occupancyOf({ ...frame, detections: moving }, zones, triggerLabels)
    .filter((o) => o.count > 0)
    .map((o) => o.zone);
}

/** A detection overlapping a stationary object this much is that object. */
const STILL_OVERLAP = 0.7;

function overlap(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

/** Zone names in first-seen order, without repeats: what an event has entered so far. */
export function withZones(known: readonly string[], entered: readonly string[]): readonly string[] {
  const added = entered.filter((z, i) => !known.includes(z) && entered.indexOf(z) === i);
  return added.length === 0 ? known : [...known, ...added];
}
