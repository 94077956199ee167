// How Home Assistant shows an add-on's options, for the tests: the Supervisor turns config.yaml's
// `schema:` into a UI schema (supervisor/apps/options.py, UiOptions), the frontend turns that into
// ha-form selectors (src/panels/config/apps/app-view/config/supervisor-app-config.ts,
// _convertSchemaElement), and each selector holds and saves a value of its own kind.
import type { SchemaNode } from './supervisor-options.js';

/** One entry of the Supervisor's UI schema. */
export interface UiNode {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'float' | 'boolean' | 'select' | 'schema';
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly multiple?: boolean;
  readonly format?: string;
  readonly options?: readonly string[];
  readonly schema?: readonly UiNode[];
}

/** UiOptions: a list becomes its element with multiple=true; a dict becomes type schema. */
export function supervisorUiSchema(schema: { [key: string]: SchemaNode }): UiNode[] {
  const out: UiNode[] = [];
  for (const [key, value] of Object.entries(schema)) uiElement(out, value, key, false);
  return out;
}

function uiElement(out: UiNode[], value: SchemaNode, key: string, multiple: boolean): void {
  if (Array.isArray(value)) {
    // The Supervisor asserts here: a list directly in a list cannot be shown.
    if (multiple) throw new Error(`${key}: list of lists`);
    const [element] = value;
    if (element !== undefined) uiElement(out, element, key, true);
    return;
  }
  if (typeof value === 'object') {
    const schema: UiNode[] = [];
    for (const [childKey, child] of Object.entries(value)) uiElement(schema, child, childKey, false);
    out.push({ name: key, type: 'schema', optional: true, multiple, schema });
    return;
  }
  const node: { -readonly [K in keyof UiNode]?: UiNode[K] } = { name: key };
  if (multiple) node.multiple = true;
  if (value.endsWith('?')) node.optional = true;
  else node.required = true;
  if (value.startsWith('str') || value.startsWith('match')) node.type = 'string';
  else if (value.startsWith('password')) Object.assign(node, { type: 'string', format: 'password' });
  else if (value.startsWith('email')) Object.assign(node, { type: 'string', format: 'email' });
  else if (value.startsWith('url')) Object.assign(node, { type: 'string', format: 'url' });
  else if (value.startsWith('int') || value.startsWith('port')) node.type = 'integer';
  else if (value.startsWith('float')) node.type = 'float';
  else if (value.startsWith('bool')) node.type = 'boolean';
  else if (value.startsWith('list(')) {
    node.type = 'select';
    node.options = (/^list\((.+)\)\??$/.exec(value)?.[1] ?? '').split('|');
  } else return; // an unknown type is left out of the form
  out.push(node as UiNode);
}

/** The ha-form selectors the frontend uses for the add-on's options. */
export type Selector =
  | { readonly select: { readonly options: readonly string[]; readonly multiple?: boolean; readonly custom_value?: boolean } }
  | { readonly text: { readonly type: string } }
  | { readonly boolean: Record<string, never> }
  | { readonly number: { readonly mode: 'box'; readonly step?: 'any' } }
  | { readonly object: { readonly multiple?: boolean; readonly fields?: Record<string, { required?: boolean; selector: Selector }> } };

export type FormEntry =
  | { readonly name: string; readonly required?: boolean; readonly selector: Selector }
  | { readonly name: string; readonly required?: boolean; readonly type: 'expandable'; readonly schema: readonly FormEntry[] };

const MASKED_FIELDS = ['password', 'secret', 'token'];

/** _convertSchemaElement: a section is an expandable sub-form, everything else one selector. */
export function haFormSchema(ui: readonly UiNode[]): FormEntry[] {
  return ui.map((entry) => {
    if (entry.type === 'schema' && !entry.multiple) {
      return { name: entry.name, required: entry.required, type: 'expandable', schema: haFormSchema(entry.schema ?? []) };
    }
    return { name: entry.name, required: entry.required, selector: selectorOf(entry) };
  });
}

/** _convertSchemaElementToSelector (with force: anything unknown becomes an object editor). */
function selectorOf(entry: UiNode): Selector {
  switch (entry.type) {
    case 'select':
      // `multiple` is not looked at: a list of choices renders as ONE select.
      return { select: { options: entry.options ?? [] } };
    case 'string':
      return entry.multiple
        ? { select: { options: [], multiple: true, custom_value: true } }
        : { text: { type: entry.format ?? (MASKED_FIELDS.includes(entry.name) ? 'password' : 'text') } };
    case 'boolean':
      return { boolean: {} };
    case 'schema': {
      const fields: Record<string, { required?: boolean; selector: Selector }> = {};
      for (const child of entry.schema ?? []) fields[child.name] = { required: child.required, selector: selectorOf(child) };
      return { object: { multiple: entry.multiple, fields } };
    }
    case 'integer':
    case 'float':
      return { number: { mode: 'box', ...(entry.type === 'float' ? { step: 'any' as const } : {}) } };
  }
}

/**
 * What the form saves when the user opens it on `data` and presses Save without typing: each selector
 * shows and returns the value it was given, if it can hold it. A value a selector cannot hold (an array
 * in a single select, a string in a number box) is reported: saving it would change or break it.
 */
export function saveUntouched(
  form: readonly FormEntry[],
  data: Record<string, unknown>,
  path = '',
): { saved: Record<string, unknown>; problems: string[] } {
  const saved: Record<string, unknown> = { ...data };
  const problems: string[] = [];
  for (const entry of form) {
    const here = path ? `${path}.${entry.name}` : entry.name;
    const value = data[entry.name];
    if (value === undefined) continue;
    if ('type' in entry) {
      if (!isRecord(value)) {
        problems.push(`${here}: a section holds an object, got ${JSON.stringify(value)}`);
        continue;
      }
      const inner = saveUntouched(entry.schema, value, here);
      saved[entry.name] = inner.saved;
      problems.push(...inner.problems);
      continue;
    }
    problems.push(...selectorProblems(entry.selector, value, here));
  }
  return { saved, problems };
}

function selectorProblems(selector: Selector, value: unknown, path: string): string[] {
  if ('select' in selector) {
    if (selector.select.multiple) {
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? []
        : [`${path}: a multi-value field holds strings, got ${JSON.stringify(value)}`];
    }
    if (typeof value !== 'string') return [`${path}: a single select holds one string, got ${JSON.stringify(value)}`];
    return selector.select.options.includes(value) ? [] : [`${path}: ${value} is not one of the select's options`];
  }
  if ('text' in selector) return typeof value === 'string' ? [] : [`${path}: a text field holds a string, got ${JSON.stringify(value)}`];
  if ('boolean' in selector) return typeof value === 'boolean' ? [] : [`${path}: a switch holds true/false, got ${JSON.stringify(value)}`];
  if ('number' in selector) return typeof value === 'number' ? [] : [`${path}: a number box holds a number, got ${JSON.stringify(value)}`];
  const { multiple, fields = {} } = selector.object;
  const items = multiple ? value : [value];
  if (!Array.isArray(items)) return [`${path}: a list editor holds a list, got ${JSON.stringify(value)}`];
  return items.flatMap((item, i) => {
    const at = multiple ? `${path}[${i}]` : path;
    if (!isRecord(item)) return [`${at}: an object editor holds an object`];
    return Object.entries(item).flatMap(([key, v]) => {
      const field = fields[key];
      return field ? selectorProblems(field.selector, v, `${at}.${key}`) : [`${at}.${key}: not a field of the object editor`];
    });
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
