import { HomesecError } from '../core/errors.js';
import { vlmJsonSchema } from './vlm-output-schema.js';

/**
 * Home Assistant selectors as `ai_task.generate_data` takes them in `structure` (homeassistant/helpers/selector.py);
 * HA's LLM integrations turn them into a JSON schema (helpers/llm.py `selector_serializer`): text and select
 * to strings (select as an enum), number, boolean, object with `fields` to an object, `multiple` to an array.
 */
export type AiTaskSelector =
  | { readonly text: { readonly multiple?: true } }
  | { readonly number: { readonly mode: 'box'; readonly step: 'any' } }
  | { readonly boolean: Record<string, never> }
  | { readonly select: { readonly options: readonly string[]; readonly multiple?: true } }
  | { readonly object: { readonly fields: Readonly<Record<string, AiTaskObjectField>>; readonly multiple?: true } };

/** A field inside an object selector: HA's ObjectSelectorField takes `selector`, `required` and `label` (no description). */
export interface AiTaskObjectField {
  readonly selector: AiTaskSelector;
  readonly required: boolean;
  readonly label?: string;
}

/** One top-level field of `structure`: `selector`, `required`, `description` (ai_task STRUCTURE_FIELD_SCHEMA). */
export interface AiTaskField {
  readonly selector: AiTaskSelector;
  readonly required: boolean;
  readonly description?: string;
}

export type AiTaskStructure = Readonly<Record<string, AiTaskField>>;

/** The part of JSON Schema that zod writes for the verdict schema. */
interface JsonNode {
  /** `["number", "null"]` for a nullable field. */
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonNode>>;
  readonly required?: readonly string[];
  readonly items?: JsonNode;
  readonly anyOf?: readonly JsonNode[];
}

/** The verdict schema has a shape that selectors cannot say: a programming error, caught by the unit test. */
export class AiTaskStructureError extends HomesecError {}

/**
 * HomeSec's verdict schema (the same one the OpenAI provider sends as `response_format`) as an AI Task
 * `structure`. A nullable field (first_seen_s) is a field that is not required: selectors have no null,
 * and HA's OpenAI integration turns an optional field back into a nullable one.
 */
export function aiTaskStructure(): AiTaskStructure {
  const schema = vlmJsonSchema() as JsonNode;
  const required = new Set(schema.required ?? []);
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, node]) => {
      const { selector, nullable } = selectorOf(node, name);
      const description = node.description;
      return [name, { selector, required: required.has(name) && !nullable, ...(description ? { description } : {}) }];
    }),
  );
}

/** The dotted paths (`entities[].first_seen_s`) of nullable fields: an answer that leaves them out means null. */
export function nullableFields(): string[] {
  const paths: string[] = [];
  const walk = (node: JsonNode, path: string) => {
    if (isNullable(node)) paths.push(path);
    const item = node.type === 'array' ? node.items : node;
    const prefix = node.type === 'array' ? `${path}[]` : path;
    for (const [name, child] of Object.entries(item?.properties ?? {})) walk(child, prefix ? `${prefix}.${name}` : name);
  };
  walk(vlmJsonSchema() as JsonNode, '');
  return paths;
}

/** zod writes `T | null` as `type: [T, "null"]`, or as `anyOf` for a union of objects. */
function isNullable(node: JsonNode): boolean {
  return (Array.isArray(node.type) && node.type.includes('null')) || (node.anyOf?.some((n) => n.type === 'null') ?? false);
}

function selectorOf(node: JsonNode, path: string): { selector: AiTaskSelector; nullable: boolean } {
  if (isNullable(node)) {
    const types = Array.isArray(node.type) ? node.type.filter((t) => t !== 'null') : [];
    const variants = node.anyOf?.filter((n) => n.type !== 'null') ?? (types.length === 1 ? [{ ...node, type: types[0] }] : []);
    const [only, ...more] = variants;
    if (!only || more.length > 0) throw new AiTaskStructureError(`${path}: only "T or null" becomes a selector`);
    return { selector: selectorOf({ ...only, description: node.description }, path).selector, nullable: true };
  }
  if (Array.isArray(node.enum)) return { selector: { select: { options: enumOptions(node, path) } }, nullable: false };
  switch (node.type) {
    case 'string':
      return { selector: { text: {} }, nullable: false };
    case 'number':
    case 'integer':
      return { selector: { number: { mode: 'box', step: 'any' } }, nullable: false };
    case 'boolean':
      return { selector: { boolean: {} }, nullable: false };
    case 'object':
      return { selector: { object: { fields: objectFields(node, path) } }, nullable: false };
    case 'array':
      return { selector: multiple(selectorOf(node.items ?? {}, `${path}[]`).selector, path), nullable: false };
    default:
      throw new AiTaskStructureError(`${path}: JSON type ${String(node.type)} has no selector`);
  }
}

function enumOptions(node: JsonNode, path: string): string[] {
  const options = node.enum ?? [];
  if (!options.every((o): o is string => typeof o === 'string')) throw new AiTaskStructureError(`${path}: only string choices`);
  return [...options];
}

function objectFields(node: JsonNode, path: string): Record<string, AiTaskObjectField> {
  const required = new Set(node.required ?? []);
  return Object.fromEntries(
    Object.entries(node.properties ?? {}).map(([name, child]) => {
      const { selector, nullable } = selectorOf(child, `${path}.${name}`);
      // Object fields carry no description in HA: the label is the only text the model sees.
      const label = child.description;
      return [name, { selector, required: required.has(name) && !nullable, ...(label ? { label } : {}) }];
    }),
  );
}

function multiple(selector: AiTaskSelector, path: string): AiTaskSelector {
  if ('text' in selector) return { text: { ...selector.text, multiple: true } };
  if ('select' in selector) return { select: { ...selector.select, multiple: true } };
  if ('object' in selector) return { object: { ...selector.object, multiple: true } };
  throw new AiTaskStructureError(`${path}: a list of numbers or booleans has no selector`);
}
