// The Supervisor's add-on options mini-language (supervisor/apps/options.py), for the tests: type
// strings, nesting, and validation of option values the way the Supervisor does it on start.

export type SchemaNode = string | SchemaNode[] | { [key: string]: SchemaNode };

export interface LeafType {
  readonly kind: 'bool' | 'email' | 'url' | 'port' | 'device' | 'str' | 'password' | 'int' | 'float' | 'match' | 'list';
  readonly optional: boolean;
  readonly min: number | null;
  readonly max: number | null;
  readonly pattern: string | null;
  readonly choices: readonly string[];
}

/** Parses one leaf with the regex from ha-rules.json; null when the Supervisor would reject the type. */
export function parseLeaf(type: string, regex: RegExp): LeafType | null {
  const m = regex.exec(type);
  if (!m) return null;
  const g = m.groups ?? {};
  const optional = type.endsWith('?');
  const base = optional ? type.slice(0, -1) : type;
  const num = (v: string | undefined) => (v === undefined || v === '' ? null : Number(v));
  const kind = (/^[a-z]+/.exec(base)?.[0] ?? '') as LeafType['kind'];
  return {
    kind,
    optional,
    min: num(g.s_min ?? g.p_min ?? g.i_min ?? g.f_min),
    max: num(g.s_max ?? g.p_max ?? g.i_max ?? g.f_max),
    pattern: g.match ?? null,
    choices: g.list ? g.list.split('|') : [],
  };
}

/** Python's re.match: anchored at the start only. */
function pythonMatch(pattern: string, value: string): boolean {
  return new RegExp(`^(?:${pattern})`).test(value);
}

/** Why the Supervisor would refuse `value` for this leaf, or null. */
export function leafProblem(leaf: LeafType, value: unknown): string | null {
  const inRange = (n: number) => (leaf.min === null || n >= leaf.min) && (leaf.max === null || n <= leaf.max);
  switch (leaf.kind) {
    case 'bool':
      return typeof value === 'boolean' ? null : 'not a bool';
    case 'int':
      return Number.isInteger(value) && inRange(value as number) ? null : 'not an int in range';
    case 'float':
      return typeof value === 'number' && inRange(value) ? null : 'not a float in range';
    case 'port':
      return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535 ? null : 'not a port';
    case 'str':
    case 'password':
      return typeof value === 'string' && inRange(value.length) ? null : 'not a string of that length';
    case 'url':
      return typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\/[^/\s]+/i.test(value) ? null : 'not a URL';
    case 'email':
      return typeof value === 'string' && /^[^@\s]+@[^@\s]+$/.test(value) ? null : 'not an email';
    case 'match':
      return typeof value === 'string' && pythonMatch(leaf.pattern ?? '', value) ? null : `does not match ${leaf.pattern ?? ''}`;
    case 'list':
      return leaf.choices.includes(String(value)) ? null : `not one of ${leaf.choices.join('|')}`;
    case 'device':
      return 'device options are not used by HomeSec';
  }
}

export interface LeafEntry {
  /** Dotted path; list elements are `[]`, e.g. `cameras[].name`, `detector.labels[]`. */
  readonly path: string;
  readonly keys: readonly string[];
  readonly type: string;
}

/** Every leaf of a schema, with its path. */
export function schemaLeaves(schema: { [key: string]: SchemaNode }, prefix: string[] = []): LeafEntry[] {
  const out: LeafEntry[] = [];
  for (const [key, node] of Object.entries(schema)) out.push(...leavesOf(node, [...prefix, key]));
  return out;
}

function leavesOf(node: SchemaNode, keys: string[]): LeafEntry[] {
  if (typeof node === 'string') return [{ path: keys.join('.').replace(/\.\[\]/g, '[]'), keys, type: node }];
  if (Array.isArray(node)) return node[0] === undefined ? [] : leavesOf(node[0], [...keys, '[]']);
  return Object.entries(node).flatMap(([key, child]) => leavesOf(child, [...keys, key]));
}

/**
 * Nesting the Supervisor accepts (SCHEMA_ELEMENT in supervisor/apps/validate.py): dicts in dicts and
 * lists of dicts are fine; a list may not directly contain a list. A list has one element (the
 * options validator and the UI read only the first).
 */
export function nestingProblems(schema: { [key: string]: SchemaNode }): string[] {
  const problems: string[] = [];
  const visit = (node: SchemaNode, path: string, parent: 'root' | 'dict' | 'list') => {
    if (typeof node === 'string') return;
    if (Array.isArray(node)) {
      if (node.length !== 1) problems.push(`${path}: a list schema has exactly one element`);
      if (parent === 'list') problems.push(`${path}: list of lists`);
      if (node[0] !== undefined) visit(node[0], `${path}[]`, 'list');
      return;
    }
    for (const [key, child] of Object.entries(node)) visit(child, `${path}.${key}`, 'dict');
  };
  for (const [key, node] of Object.entries(schema)) visit(node, key, 'root');
  return problems;
}

/** Validates options against the schema as the Supervisor does on start; returns problems. */
export function validateOptions(schema: { [key: string]: SchemaNode }, options: Record<string, unknown>, regex: RegExp): string[] {
  return validateDict(schema, options, '', regex);
}

function validateDict(schema: { [key: string]: SchemaNode }, value: unknown, path: string, regex: RegExp): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path || '<root>'}: not a dict`];
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(record)) if (!(key in schema)) problems.push(`${path}${key}: unknown option (dropped)`);
  for (const [key, node] of Object.entries(schema)) {
    const here = `${path}${key}`;
    if (record[key] === undefined || record[key] === null) {
      if (typeof node === 'string' && node.endsWith('?')) continue;
      if (Array.isArray(node) && typeof node[0] === 'string' && node[0].endsWith('?')) continue;
      problems.push(`${here}: missing required option`);
      continue;
    }
    problems.push(...validateNode(node, record[key], here, regex));
  }
  return problems;
}

function validateNode(node: SchemaNode, value: unknown, path: string, regex: RegExp): string[] {
  if (typeof node === 'string') {
    const leaf = parseLeaf(node, regex);
    if (!leaf) return [`${path}: invalid type ${node}`];
    const problem = leafProblem(leaf, value);
    return problem ? [`${path}: ${problem}`] : [];
  }
  if (Array.isArray(node)) {
    if (!Array.isArray(value)) return [`${path}: not a list`];
    const element = node[0];
    return element === undefined ? [] : value.flatMap((v, i) => validateNode(element, v, `${path}[${i}]`, regex));
  }
  return validateDict(node, value, `${path}.`, regex);
}
