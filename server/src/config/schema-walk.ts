import type { z } from 'zod';

/**
 * Finds the schema that validates the value at `path`, looking through defaults, optionals, pipes
 * and arrays. For a union, the first option that has the key wins (good enough for key lookups).
 */
export function schemaAt(schema: z.ZodType, path: readonly (string | number)[]): z.ZodType | null {
  let node: z.ZodType | null = unwrap(schema);
  for (const key of path) {
    if (!node) return null;
    node = unwrap(childOf(node, key));
  }
  return node;
}

/** Keys an object schema at `path` accepts, or [] when it is not an object. */
export function keysAt(schema: z.ZodType, path: readonly (string | number)[], doc?: unknown): string[] {
  const node = schemaAt(schema, path);
  if (!node) return [];
  const def = node._zod.def;
  if (def.type === 'object') return Object.keys((def as unknown as { shape: Record<string, unknown> }).shape);
  if (def.type === 'union') {
    // A discriminated union: pick the option the document chose, else list every option's keys.
    const options = (def as unknown as { options: z.ZodType[] }).options;
    const value = valueAt(doc, path);
    const chosen = options.find((o) => optionMatches(o, value));
    const pool = chosen ? [chosen] : options;
    return [...new Set(pool.flatMap((o) => keysAt(o, [])))];
  }
  return [];
}

function optionMatches(option: z.ZodType, value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const shape = (unwrap(option)?._zod.def as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  return Object.entries(shape).some(([key, field]) => {
    const def = field._zod.def as unknown as { type: string; values?: unknown[] };
    return def.type === 'literal' && def.values?.includes((value as Record<string, unknown>)[key]);
  });
}

function valueAt(doc: unknown, path: readonly (string | number)[]): unknown {
  let node = doc;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

function childOf(node: z.ZodType, key: string | number): z.ZodType | null {
  const def = node._zod.def as unknown as {
    type: string;
    shape?: Record<string, z.ZodType>;
    element?: z.ZodType;
    options?: z.ZodType[];
  };
  if (def.type === 'object' && typeof key === 'string') return def.shape?.[key] ?? null;
  if (def.type === 'array' && typeof key === 'number') return def.element ?? null;
  if (def.type === 'union') {
    for (const option of def.options ?? []) {
      const child = childOf(unwrap(option) ?? option, key);
      if (child) return child;
    }
  }
  return null;
}

function unwrap(node: z.ZodType | null): z.ZodType | null {
  let current = node;
  for (let i = 0; current && i < 10; i++) {
    const def = current._zod.def as unknown as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    if (def.type === 'default' || def.type === 'optional' || def.type === 'prefault' || def.type === 'nullable') {
      current = def.innerType ?? null;
    } else if (def.type === 'pipe') {
      current = def.in ?? null;
    } else {
      return current;
    }
  }
  return current;
}
