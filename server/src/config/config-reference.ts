import { z } from 'zod';
import { ConfigSchema } from './schema.js';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

export interface ReferenceRow {
  readonly key: string;
  readonly type: string;
  readonly default: string;
  readonly description: string;
}

/** Every configuration key with its type, default and description, straight from the zod schema. */
export function configReferenceRows(): ReferenceRow[] {
  const schema = z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const rows: ReferenceRow[] = [];
  walk(schema, '', rows, null);
  return rows;
}

/** The reference as a Markdown table (README.md and DOCS.md embed it between markers). */
export function configReferenceMarkdown(): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = ['| key | type | default | description |', '| --- | --- | --- | --- |'];
  for (const row of configReferenceRows()) {
    lines.push(
      `| \`${row.key}\` | ${escape(row.type)} | ${row.default === '' ? '' : `\`${escape(row.default)}\``} | ${escape(row.description)} |`,
    );
  }
  return lines.join('\n');
}

function walk(node: JsonSchema, path: string, rows: ReferenceRow[], variant: string | null): void {
  const options = node.anyOf ?? node.oneOf;
  if (node.type === 'object' && node.properties) {
    for (const [key, child] of Object.entries(node.properties)) walk(child, path ? `${path}.${key}` : key, rows, variant);
    return;
  }
  if (node.type === 'array' && node.items && isObjectLike(node.items)) {
    if (node.description) rows.push({ key: path, type: 'list', default: show(node.default), description: node.description });
    walkVariants(node.items, `${path}[]`, rows);
    return;
  }
  if (options && options.every(isObjectLike)) {
    walkVariants(node, path, rows);
    return;
  }
  // An optional section (`object or null`): its own row, then its keys.
  const objectOption = options?.find((o) => o.type === 'object' && o.properties);
  if (options && objectOption && options.every((o) => o === objectOption || o.type === 'null')) {
    rows.push({ key: path, type: 'object or null', default: show(node.default), description: node.description ?? '' });
    walk(objectOption, path, rows, variant);
    return;
  }
  rows.push({
    key: path,
    type: typeOf(node),
    default: show(node.default),
    description: `${variant ? `(${variant}) ` : ''}${node.description ?? ''}`,
  });
}

/** A union of object shapes (cameras by `source`): shared keys once, the rest marked with their variant. */
function walkVariants(node: JsonSchema, path: string, rows: ReferenceRow[]): void {
  const variants = node.anyOf ?? node.oneOf ?? [node];
  const seen = new Set<string>();
  for (const v of variants) {
    const tag = Object.entries(v.properties ?? {}).find(([, p]) => p.const !== undefined);
    const label = tag ? `${tag[0]}: ${String(tag[1].const)}` : null;
    for (const [key, child] of Object.entries(v.properties ?? {})) {
      const shared = variants.every((o) => o.properties?.[key] !== undefined);
      const name = `${path}.${key}`;
      if (shared && seen.has(name)) continue;
      seen.add(name);
      if (shared && key === tag?.[0]) {
        rows.push({
          key: name,
          type: variants.map((o) => String(o.properties?.[key]?.const)).join(' | '),
          default: '',
          description: child.description ?? 'kind of source',
        });
        continue;
      }
      walk(child, name, rows, shared ? null : label);
    }
  }
}

function isObjectLike(node: JsonSchema): boolean {
  return node.type === 'object' || (node.anyOf ?? node.oneOf ?? []).some((o) => o.type === 'object');
}

function typeOf(node: JsonSchema): string {
  if (node.enum) return node.enum.map(String).join(' | ');
  if (node.const !== undefined) return String(node.const);
  const options = node.anyOf ?? node.oneOf;
  if (options) return options.map(typeOf).join(' or ');
  if (node.type === 'array') return `list of ${node.items ? typeOf(node.items) : 'values'}`;
  const type = Array.isArray(node.type) ? node.type.join(' or ') : (node.type ?? 'any');
  const max = node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER ? node.maximum : undefined;
  const range = node.minimum !== undefined || max !== undefined ? ` (${node.minimum ?? ''}..${max ?? ''})` : '';
  return type === 'integer' ? `integer${range}` : type === 'number' ? `number${range}` : type;
}

function show(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? (value === '' ? '""' : value) : JSON.stringify(value);
}
