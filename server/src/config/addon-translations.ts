import { addonFields, type AddonField } from './addon-fields.js';
import { addonName } from './addon-wording.js';

/** translations/<lang>.yaml `configuration:` entry: HA's form shows `name` as the label, `description` as help. */
export interface OptionTranslation {
  readonly name: string;
  readonly description: string;
  readonly fields?: Record<string, OptionTranslation>;
}

/**
 * English names and help texts for every option and nested field, from the zod descriptions. HA's form
 * looks nested labels up through `fields` at every depth (a section, a list of sections, a section in one).
 */
export function addonTranslations(fields: readonly AddonField[] = addonFields()): { configuration: Record<string, OptionTranslation> } {
  return { configuration: translate(fields) };
}

function translate(fields: readonly AddonField[]): Record<string, OptionTranslation> {
  return Object.fromEntries(fields.map((f) => [f.key, entry(f)]));
}

function entry(field: AddonField): OptionTranslation {
  const base = { name: addonName(field.configPath, field.key), description: withDefault(field) };
  return field.kind === 'dict' ? { ...base, fields: translate(field.fields) } : base;
}

/** Inside a list item the form shows no default value, so the help text names it. */
function withDefault(field: AddonField): string {
  const inList = field.path.includes('[]');
  const shown = field.default !== undefined && field.default !== '' && field.default !== null;
  if (!inList || !shown || field.kind === 'dict') return field.description;
  const value = Array.isArray(field.default) ? field.default.join(', ') || 'none' : String(field.default);
  return `${field.description} (default ${value})`;
}
