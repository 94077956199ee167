/**
 * Config is written in snake_case (YAML, add-on options, environment variables: the user's words) and
 * read in camelCase by the code. The loader converts once, after validation, with this function; the
 * types follow with `CamelCasedDeep`. Every config object is a plain zod object (no records keyed by
 * user data), so every key is a field name and converting all of them is safe.
 */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

export type CamelCasedDeep<T> = T extends readonly (infer Item)[]
  ? CamelCasedDeep<Item>[]
  : T extends object
    ? { [K in keyof T as K extends string ? CamelCase<K> : K]: CamelCasedDeep<T[K]> }
    : T;

export function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function camelCaseKeys<T>(value: T): CamelCasedDeep<T> {
  return convert(value) as CamelCasedDeep<T>;
}

function convert(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convert);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [camelCase(key), convert(child)]));
}

/** The way back, for showing the effective config in the user's words (and for tests that override a parsed section). */
export function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCaseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [snakeCase(key), snakeCaseKeys(child)]));
}

/** A config key as the user writes it (`minRisk` -> `min_risk`), for messages that name config fields. */
export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
