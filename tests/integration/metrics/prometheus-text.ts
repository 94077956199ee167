/**
 * A strict reader of the Prometheus text exposition format (0.0.4): every line must be a HELP, a
 * TYPE or a sample of a declared family, with valid names, escaped label values and a number.
 * Throws on the first line that breaks the format, so "it parses" means what a scraper would say.
 */
export interface PromSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface PromExposition {
  readonly types: ReadonlyMap<string, string>;
  readonly samples: readonly PromSample[];
  /** The value of the one sample with this name and exactly these labels (or undefined). */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( -?\d+)?$/;

export function parsePrometheusText(text: string): PromExposition {
  const types = new Map<string, string>();
  const samples: PromSample[] = [];
  text.split('\n').forEach((line, index) => {
    const where = `line ${index + 1}: ${line}`;
    if (line === '') return;
    if (line.startsWith('#')) return readComment(line, types, where);
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a sample: ${where}`);
    const [, name = '', , labelText, valueText = ''] = match;
    if (!types.has(familyOf(name, types))) throw new Error(`sample of an undeclared family: ${where}`);
    samples.push({ name, labels: labelText === undefined ? {} : readLabels(labelText, where), value: readNumber(valueText, where) });
  });
  return {
    types,
    samples,
    value(name, labels = {}) {
      const wanted = JSON.stringify(Object.entries(labels).sort());
      return samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === wanted)?.value;
    },
  };
}

function readComment(line: string, types: Map<string, string>, where: string): void {
  const [hash, keyword, name, ...rest] = line.split(' ');
  if (hash !== '#' || (keyword !== 'HELP' && keyword !== 'TYPE')) return; // other comments are allowed
  if (!name || !METRIC_NAME.test(name)) throw new Error(`bad metric name: ${where}`);
  if (keyword === 'TYPE') {
    const type = rest.join(' ');
    if (!TYPES.has(type)) throw new Error(`bad type: ${where}`);
    if (types.has(name)) throw new Error(`family declared twice: ${where}`);
    types.set(name, type);
  }
}

/** histogram/summary samples carry a suffix on the family name. */
function familyOf(name: string, types: Map<string, string>): string {
  if (types.has(name)) return name;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return types.get(base) === 'histogram' || types.get(base) === 'summary' ? base : name;
}

function readLabels(text: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const pair = /\s*([^=\s]+)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;
  let at = 0;
  while (at < text.length) {
    pair.lastIndex = at;
    const m = pair.exec(text);
    if (!m) throw new Error(`bad labels: ${where}`);
    const [, key = '', raw = ''] = m;
    if (!LABEL_NAME.test(key)) throw new Error(`bad label name ${key}: ${where}`);
    if (/\\[^\\n"]/.test(raw)) throw new Error(`bad escape in label value: ${where}`);
    labels[key] = raw.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    at = pair.lastIndex;
  }
  return labels;
}

function readNumber(text: string, where: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value)) throw new Error(`bad value: ${where}`);
  return value;
}
