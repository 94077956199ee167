import { configJsonSchema, objectVariants, variantTag, withoutNull, type JsonNode } from './config-json-schema.js';
import { ADDON_DESCRIPTIONS, ADDON_FIXED_PATHS } from './addon-wording.js';

/**
 * The add-on's options as a tree, derived from the zod config (via its JSON Schema): what the
 * Configuration tab offers, in shapes the Supervisor's options language and HA's form can hold.
 *
 * The Supervisor requires every section (dict) and list of sections that has no value, even inside
 * a list item. Sections outside lists are always there (config.yaml `options` holds each, at least
 * `{}`); inside a list item (a camera, an override) a section is flattened into prefixed keys
 * (`motion.fps` -> `motion_fps`) and a list of number tuples into text (`mask: ["0,0,1,0.1"]`), so a
 * camera added in the form needs only its own fields. `target` says where a value goes back in the
 * config (configFromAddonOptions).
 */
export type AddonField = AddonLeaf | AddonList | AddonDict;

interface FieldBase {
  /** The option's key as users see it in HA (and in /data/options.json). */
  readonly key: string;
  /** Dotted option path, `[]` for list items: `cameras[].motion_fps`. */
  readonly path: string;
  /** Dotted config (zod) path: `cameras[].motion.fps`. */
  readonly configPath: string;
  /** Keys under the parent's config object where the value belongs: ['motion', 'fps']. */
  readonly target: readonly string[];
  /** May be left out (the Supervisor's `?`). */
  readonly optional: boolean;
  readonly description: string;
  /** The zod default, when there is one. */
  readonly default?: unknown;
}

/** One value: `type` is a Supervisor type string without `?`, e.g. `float(0,30)`, `list(a|b)`. */
export interface AddonLeaf extends FieldBase {
  readonly kind: 'leaf';
  readonly type: string;
}

/** A list of values, edited in HA's form as a multi-valued free-text field. */
export interface AddonList extends FieldBase {
  readonly kind: 'list';
  readonly element: string;
  /** A list of objects written as "v1,v2,..." text: the objects' keys, in order. */
  readonly tuple?: readonly string[];
}

/** A section (`multiple: false`) or a list of sections (`multiple: true`, e.g. cameras). */
export interface AddonDict extends FieldBase {
  readonly kind: 'dict';
  readonly multiple: boolean;
  readonly fields: readonly AddonField[];
}

/** Thrown when a config field has a shape the add-on options cannot express; says what to change. */
export class AddonSchemaError extends Error {}

/** Steps above an exclusive float bound (zod gt/lt; the Supervisor only knows inclusive ranges). */
const EXCLUSIVE_FLOAT_STEP = 0.001;
const NUMBER = '-?[0-9]+(\\.[0-9]+)?';

interface Place {
  /** Option path and config path of the dict the fields belong to ('' at the root). */
  readonly path: string;
  readonly configPath: string;
  /** Inside a list item: sections are flattened. */
  readonly inItem: boolean;
  /** Leaves here may be left out: the section is optional or flattened from an optional one. */
  readonly optional: boolean;
  /** Key prefix and target prefix of a flattened section. */
  readonly prefix: string;
  readonly target: readonly string[];
  /** Union variants (camera sources) these fields belong to, for the help text. */
  readonly onlyFor: readonly string[];
}

const ROOT: Place = { path: '', configPath: '', inItem: false, optional: false, prefix: '', target: [], onlyFor: [] };

let fields: readonly AddonField[] | null = null;

/** Every option of the add-on, in zod's order (the schema is fixed at build time, so worked out once). */
export function addonFields(): readonly AddonField[] {
  fields ??= addonFieldsOf(configJsonSchema());
  return fields;
}

/** The add-on fields of any config-shaped JSON Schema; throws AddonSchemaError naming what cannot be offered. */
export function addonFieldsOf(schema: JsonNode): AddonField[] {
  return dictFields(schema, ROOT);
}

function join(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}

function dictFields(node: JsonNode, place: Place): AddonField[] {
  const variants = objectVariants(node);
  if (variants.length === 0) throw new AddonSchemaError(`${place.configPath || '<root>'}: expected an object`);
  const keys = [...new Set(variants.flatMap((v) => Object.keys(v.properties ?? {})))];
  const fields: AddonField[] = [];
  for (const key of keys) {
    const configPath = join(place.configPath, key);
    if (ADDON_FIXED_PATHS.includes(configPath)) continue;
    const holders = variants.filter((v) => v.properties?.[key] !== undefined);
    fields.push(...mergedFields(key, holders, variants.length, place));
  }
  return fields;
}

/** A key of one or more union variants (cameras by `source`): one field, optional unless every variant requires it. */
function mergedFields(key: string, holders: JsonNode[], variantCount: number, place: Place): AddonField[] {
  const tags = holders.flatMap((v) => variantTag(v) ?? []);
  const optionKey = `${place.prefix}${key}`;
  const names = {
    key: optionKey,
    path: join(place.path, optionKey),
    configPath: join(place.configPath, key),
    target: [...place.target, key],
  };
  if (holders.length > 1 && tags.length === holders.length && tags.every((t) => t.key === key)) {
    const description = ADDON_DESCRIPTIONS[names.configPath] ?? holders[0]?.properties?.[key]?.description ?? 'Kind of source';
    return [{ kind: 'leaf', ...names, optional: false, description, type: `list(${tags.map((t) => t.value).join('|')})` }];
  }
  const required = holders.length === variantCount && holders.every((v) => v.required?.includes(key));
  const onlyFor = holders.length < variantCount ? tags.map((t) => t.value) : place.onlyFor;
  const versions = holders.map((v) => fieldsOf(key, v.properties?.[key] ?? {}, { ...place, onlyFor }, !required));
  const [first, ...others] = versions;
  if (!first) throw new AddonSchemaError(`${names.configPath}: no variant has it`);
  for (const other of others) {
    if (JSON.stringify(other.map(shapeOf)) !== JSON.stringify(first.map(shapeOf))) {
      throw new AddonSchemaError(`${names.configPath}: the union options give it different types; use one type in every option`);
    }
  }
  return first;
}

function shapeOf(f: AddonField): unknown {
  if (f.kind === 'leaf') return [f.key, f.type];
  if (f.kind === 'list') return [f.key, f.element];
  return [f.key, f.multiple, f.fields.map(shapeOf)];
}

function fieldsOf(key: string, raw: JsonNode, place: Place, notRequired: boolean): AddonField[] {
  const { node, nullable } = withoutNull(raw);
  const optional = place.optional || notRequired || nullable || node.default !== undefined;
  const optionKey = `${place.prefix}${key}`;
  const configPath = join(place.configPath, key);
  const base = {
    key: optionKey,
    path: join(place.path, optionKey),
    configPath,
    target: [...place.target, key],
    optional,
    description: describe(configPath, node, place.onlyFor),
    ...(node.default !== undefined ? { default: node.default } : {}),
  };
  if (node.type === 'array') {
    const items = node.items ?? {};
    if (objectVariants(items).length === 0) {
      // A list of choices is free text in the form (see listElementType): its help names the choices.
      const choices = Array.isArray(items.enum) ? `; each one of: ${items.enum.map(String).join(', ')}` : '';
      return [{ ...base, description: `${base.description}${choices}`, kind: 'list', element: listElementType(items, `${configPath}[]`) }];
    }
    if (place.inItem) return [tupleList(base, items)];
    const itemPlace: Place = { ...ROOT, path: `${base.path}[]`, configPath: `${configPath}[]`, inItem: true };
    return [{ ...base, kind: 'dict', multiple: true, fields: dictFields(items, itemPlace) }];
  }
  if (objectVariants(node).length > 0) {
    if (!place.inItem) {
      const inner: Place = { ...ROOT, path: base.path, configPath, optional, onlyFor: place.onlyFor };
      return [{ ...base, kind: 'dict', multiple: false, fields: dictFields(node, inner) }];
    }
    // Inside a list item: the section's fields join the item under `<key>_`.
    return dictFields(node, { ...place, configPath, optional, prefix: `${optionKey}_`, target: base.target });
  }
  return [{ ...base, kind: 'leaf', type: leafType(node, configPath, optional) }];
}

/** A list of objects inside a list item, as "v1,v2,..." text: only for objects of numbers. */
function tupleList(base: Omit<AddonList, 'kind' | 'element'>, items: JsonNode): AddonList {
  const [shape, ...more] = objectVariants(items);
  const entries = Object.entries(shape?.properties ?? {});
  if (!shape || more.length > 0 || entries.length === 0 || entries.some(([, p]) => p.type !== 'number' && p.type !== 'integer')) {
    throw new AddonSchemaError(
      `${base.configPath}: a list of objects inside a list item must hold numbers only (it is written as "a,b,c" text)`,
    );
  }
  const keys = entries.map(([k]) => k);
  const element = `match(^ *${NUMBER} *(, *${NUMBER} *){${keys.length - 1}}$)`;
  return { ...base, kind: 'list', element, tuple: keys, description: `${base.description}; each as "${keys.join(',')}"` };
}

function describe(configPath: string, node: JsonNode, onlyFor: readonly string[]): string {
  const text = ADDON_DESCRIPTIONS[configPath] ?? node.description;
  if (!text)
    throw new AddonSchemaError(`${configPath}: no description; add .describe() in the zod schema (it becomes the add-on's help text)`);
  return `${onlyFor.length > 0 ? `(${onlyFor.join(', ')}) ` : ''}${text}`;
}

/**
 * List elements become free-text values: HA's form edits a list of `str`/`match` as a multi-valued
 * field but renders a list of `list(a|b)` as ONE select (its value is then a string, and saving
 * fails) and a list of numbers as one number.
 */
function listElementType(items: JsonNode, path: string): string {
  if (Array.isArray(items.enum) && items.enum.every((v) => typeof v === 'string')) {
    return `match(^(${items.enum.map((v) => escapeRegex(String(v))).join('|')})$)`;
  }
  const type = leafType(items, path);
  if (!/^(str|password|match|url|email)\b/.test(type)) {
    throw new AddonSchemaError(`${path}: a list of ${type} cannot be edited in Home Assistant's form; use a list of strings or of objects`);
  }
  return type;
}

function leafType(node: JsonNode, path: string, optional = false): string {
  if (Array.isArray(node.enum)) {
    if (!node.enum.every((v) => typeof v === 'string')) throw new AddonSchemaError(`${path}: only string choices are supported`);
    return `list(${node.enum.join('|')})`;
  }
  if (typeof node.const === 'string') return `list(${node.const})`;
  switch (node.type) {
    case 'boolean':
      return 'bool';
    case 'integer':
      return `int${range(lowerBound(node, 1), upperBound(node, 1))}`;
    case 'number':
      return `float${range(lowerBound(node, EXCLUSIVE_FLOAT_STEP), upperBound(node, EXCLUSIVE_FLOAT_STEP))}`;
    case 'string':
      return stringType(node, path, optional);
    default:
      throw new AddonSchemaError(`${path}: type ${JSON.stringify(node.type ?? node)} has no add-on option type`);
  }
}

/**
 * An optional text also takes "" (a field cleared in the form; HomeSec reads it as not set), so the
 * Supervisor must not refuse it for a minimum length, a pattern or a URL check.
 */
function stringType(node: JsonNode, path: string, optional: boolean): string {
  const secret = /\bsecret\b/i.test(node.description ?? '');
  const orEmpty = (pattern: string) => (optional && !new RegExp(pattern).test('') ? `^$|${pattern}` : pattern);
  if (node.pattern !== undefined) {
    const pattern = orEmpty(pythonPattern(node.pattern, path));
    const length = (!optional && node.minLength !== undefined) || node.maxLength !== undefined;
    // The Supervisor's match() has no length: a lookahead keeps the length rule inside the pattern.
    const min = optional ? 0 : (node.minLength ?? 0);
    return length ? `match((?=.{${min},${node.maxLength ?? ''}}$)(?:${pattern}))` : `match(${pattern})`;
  }
  if (node.format === 'uri') return `match(${orEmpty('^https?://[^\\s/]+')})`;
  const min = optional ? undefined : node.minLength;
  const lengths = min !== undefined || node.maxLength !== undefined ? `(${min ?? ''},${node.maxLength ?? ''})` : '';
  return `${secret ? 'password' : 'str'}${lengths}`;
}

/**
 * The zod (JavaScript) pattern as the Supervisor's Python `re` reads it: `\d` spelled [0-9] (Python's
 * \d also takes other scripts' digits); JavaScript-only syntax is refused rather than mistranslated.
 */
function pythonPattern(pattern: string, path: string): string {
  if (/\(\?<[^=!]|\\[pPk]\{|\\k</.test(pattern)) {
    throw new AddonSchemaError(`${path}: the pattern ${pattern} uses JavaScript-only syntax (named groups, \\p{...})`);
  }
  if (/\\[wWbB]/.test(pattern)) throw new AddonSchemaError(`${path}: spell \\w and \\b out as character classes (${pattern})`);
  return pattern.replace(/(?<!\\)\\d/g, '[0-9]');
}

function lowerBound(node: JsonNode, step: number): number | undefined {
  if (node.minimum !== undefined) return node.minimum > -Number.MAX_SAFE_INTEGER ? node.minimum : undefined;
  return node.exclusiveMinimum !== undefined ? round(node.exclusiveMinimum + step) : undefined;
}

function upperBound(node: JsonNode, step: number): number | undefined {
  if (node.maximum !== undefined) return node.maximum < Number.MAX_SAFE_INTEGER ? node.maximum : undefined;
  return node.exclusiveMaximum !== undefined ? round(node.exclusiveMaximum - step) : undefined;
}

function range(min: number | undefined, max: number | undefined): string {
  return min === undefined && max === undefined ? '' : `(${min ?? ''},${max ?? ''})`;
}

function round(n: number): number {
  return Math.round(n * 1e9) / 1e9;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
