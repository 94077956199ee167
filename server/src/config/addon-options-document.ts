import { addonFields, type AddonField } from './addon-fields.js';

/**
 * The add-on's /data/options.json as a config document for the zod schema: the shapes HA's form holds
 * are put back where the config has them (addon-fields.ts: `motion_fps` -> `motion.fps`, "0,0,1,0.1"
 * -> {x, y, w, h}), and an empty value means "not set", so HomeSec's default applies (the form saves
 * a cleared text field as "" and an untouched optional section as {}). Keys the add-on does not
 * offer pass through unchanged, so the config reports them as usual.
 */
export function configFromAddonOptions(
  options: Record<string, unknown>,
  fields: readonly AddonField[] = addonFields(),
): Record<string, unknown> {
  return reshape(withoutEmpty(options), fields);
}

function reshape(options: Record<string, unknown>, fields: readonly AddonField[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const byKey = new Map(fields.map((f) => [f.key, f]));
  for (const [key, value] of Object.entries(options)) {
    const field = byKey.get(key);
    if (!field) {
      out[key] = value;
      continue;
    }
    setAt(out, field.target, convert(field, value));
  }
  return out;
}

function convert(field: AddonField, value: unknown): unknown {
  switch (field.kind) {
    case 'leaf':
      return value;
    case 'list':
      return field.tuple && Array.isArray(value) ? value.map((item) => tupleObject(field.tuple ?? [], item)) : value;
    case 'dict':
      if (field.multiple) return Array.isArray(value) ? value.map((item) => (isRecord(item) ? reshape(item, field.fields) : item)) : value;
      return isRecord(value) ? reshape(value, field.fields) : value;
  }
}

/** "0, 0.5, 1, 0.1" -> {x: 0, y: 0.5, w: 1, h: 0.1}; anything else is kept for the config to report. */
function tupleObject(keys: readonly string[], item: unknown): unknown {
  if (typeof item !== 'string') return item;
  const numbers = item.split(',').map((part) => Number(part.trim()));
  if (numbers.length !== keys.length || numbers.some((n, i) => !Number.isFinite(n) || item.split(',')[i]?.trim() === '')) return item;
  return Object.fromEntries(keys.map((key, i) => [key, numbers[i]]));
}

function setAt(doc: Record<string, unknown>, target: readonly string[], value: unknown): void {
  let node = doc;
  target.forEach((key, i) => {
    if (i === target.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (!isRecord(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
}

function withoutEmpty(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    const cleaned = clean(value);
    if (cleaned !== undefined) out[key] = cleaned;
  }
  return out;
}

/** Empty strings, nulls and sections left empty go; values inside lists stay as they are. */
function clean(value: unknown): unknown {
  if (value === '' || value === null) return undefined;
  if (Array.isArray(value)) return value.map((item) => (isRecord(item) ? withoutEmpty(item) : item));
  if (!isRecord(value)) return value;
  const inner = withoutEmpty(value);
  return Object.keys(inner).length === 0 ? undefined : inner;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
