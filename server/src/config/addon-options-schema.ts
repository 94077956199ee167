import { addonFields, type AddonField } from './addon-fields.js';
import { ConfigSchema } from './schema.js';

/** A value of config.yaml's `schema:` (the Supervisor's options language). */
export type AddonSchemaNode = string | AddonSchemaNode[] | { [key: string]: AddonSchemaNode };

export interface AddonOptions {
  /** config.yaml `options:`: the zod defaults the form shows (no empty strings, no nulls). */
  readonly options: Record<string, unknown>;
  /** config.yaml `schema:`. */
  readonly schema: Record<string, AddonSchemaNode>;
}

/** The add-on's `options` and `schema`, generated from the zod config. */
export function addonOptions(fields: readonly AddonField[] = addonFields()): AddonOptions {
  const schema = Object.fromEntries(fields.map((f) => [f.key, schemaNode(f)]));
  const defaults = ConfigSchema.parse({}) as Record<string, unknown>;
  return { options: shownDefaults(defaults, fields), schema };
}

function schemaNode(field: AddonField): AddonSchemaNode {
  const optional = field.optional ? '?' : '';
  switch (field.kind) {
    case 'leaf':
      return `${field.type}${optional}`;
    case 'list':
      // For a list the element carries the `?`: ["str?"] may be left out.
      return [`${field.element}${optional}`];
    case 'dict': {
      const dict = Object.fromEntries(field.fields.map((f) => [f.key, schemaNode(f)]));
      return field.multiple ? [dict] : dict;
    }
  }
}

/**
 * The defaults of the fields the add-on offers. Every section is there, at least as {}: the Supervisor
 * refuses options without one. Empty strings and nulls stay out: an unset field shows empty in the
 * form and HomeSec applies its own default, the same value.
 */
function shownDefaults(value: Record<string, unknown>, fields: readonly AddonField[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const v = value[field.key];
    if (field.kind === 'dict' && !field.multiple) {
      out[field.key] = shownDefaults(isRecord(v) ? v : {}, field.fields);
      continue;
    }
    if (v === undefined || v === null || v === '') continue;
    out[field.key] = v;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
