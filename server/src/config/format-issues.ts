import type { z } from 'zod';
import { keysAt } from './schema-walk.js';

/** `cameras[1].name` style paths, as users see them in YAML. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

/** One `path: message` line per problem, unknown keys with the nearest valid key. */
export function formatConfigIssues(issues: readonly z.core.$ZodIssue[], schema: z.ZodType, doc: unknown): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const valid = keysAt(schema, issue.path as (string | number)[], doc);
      for (const key of issue.keys) {
        const near = nearest(key, valid);
        const hint = near ? `did you mean "${near}"?` : `valid keys: ${valid.join(', ')}`;
        lines.push(`${formatPath([...issue.path, key])}: unknown key (${hint})`);
      }
    } else if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator') {
      lines.push(`${formatPath(issue.path)}: ${describeDiscriminator(issue)}`);
    } else {
      lines.push(`${formatPath(issue.path)}: ${issue.message}`);
    }
  }
  return lines;
}

function describeDiscriminator(issue: z.core.$ZodIssue): string {
  const options = (issue as unknown as { options?: unknown[] }).options;
  return options?.length ? `must be one of ${options.join(', ')}` : issue.message;
}

/** The valid key closest to a typo, if it is close enough to be a plausible intent. */
export function nearest(key: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
