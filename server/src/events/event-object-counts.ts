import type { ObjectCount } from '../core/detection.js';

/**
 * An event's objects from several looks (live frames, each clip): per label the most moving and the
 * most stationary objects any one look saw. Looks overlap in time, so adding them would count one
 * person twice.
 */
export function mergeObjectCounts(a: readonly ObjectCount[], b: readonly ObjectCount[]): ObjectCount[] {
  const merged = new Map<string, ObjectCount>();
  for (const c of [...a, ...b]) {
    const was = merged.get(c.label);
    merged.set(
      c.label,
      was ? { label: c.label, moving: Math.max(was.moving, c.moving), stationary: Math.max(was.stationary, c.stationary) } : { ...c },
    );
  }
  return [...merged.values()].sort((x, y) => y.moving + y.stationary - (x.moving + x.stationary) || x.label.localeCompare(y.label));
}
