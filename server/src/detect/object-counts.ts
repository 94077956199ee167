import type { ObjectCount } from '../core/detection.js';
import type { TrackedObject } from './object-tracker.js';

/**
 * Objects per label, moving and stationary apart, most first. Objects seen in fewer than `minFrames`
 * frames are left out (a one-frame fluke is not an object), unless the clip had fewer frames.
 */
export function countObjects(objects: readonly Pick<TrackedObject, 'label' | 'frames' | 'stationary'>[], minFrames: number): ObjectCount[] {
  const counts = new Map<string, { moving: number; stationary: number }>();
  for (const o of objects) {
    if (o.frames < minFrames) continue;
    const c = counts.get(o.label) ?? { moving: 0, stationary: 0 };
    if (o.stationary) c.stationary += 1;
    else c.moving += 1;
    counts.set(o.label, c);
  }
  return [...counts.entries()]
    .map(([label, c]) => ({ label, ...c }))
    .sort((a, b) => b.moving + b.stationary - (a.moving + a.stationary) || a.label.localeCompare(b.label));
}

/** "2 persons, 1 car (parked: 1 car)" style words for a prompt or a title; empty when nothing was seen. */
export function describeObjectCounts(counts: readonly ObjectCount[]): string {
  const words = (n: number, label: string) => `${n} ${n === 1 ? label : plural(label)}`;
  const moving = counts.filter((c) => c.moving > 0).map((c) => words(c.moving, c.label));
  const still = counts.filter((c) => c.stationary > 0).map((c) => words(c.stationary, c.label));
  if (still.length === 0) return moving.join(', ');
  const stationary = `stationary: ${still.join(', ')}`;
  return moving.length > 0 ? `${moving.join(', ')} (${stationary})` : stationary;
}

function plural(label: string): string {
  if (label === 'person') return 'persons';
  if (/(s|sh|ch|x)$/.test(label)) return `${label}es`;
  return `${label}s`;
}
