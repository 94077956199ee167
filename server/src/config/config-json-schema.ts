import { z } from 'zod';
import { ConfigSchema } from './schema.js';

/** The part of JSON Schema that zod emits for HomeSec's config and the generators read. */
export interface JsonNode {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonNode>>;
  readonly required?: readonly string[];
  readonly items?: JsonNode;
  readonly anyOf?: readonly JsonNode[];
  readonly oneOf?: readonly JsonNode[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly default?: unknown;
  readonly description?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
}

/** The config as users write it (snake_case input, defaults not required), from the zod schema. */
export function configJsonSchema(): JsonNode {
  return z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' }) as JsonNode;
}

/** `X or null` (a nullable field) as X; anything else as is. */
export function withoutNull(node: JsonNode): { node: JsonNode; nullable: boolean } {
  const options = node.anyOf ?? node.oneOf;
  const rest = options?.filter((o) => o.type !== 'null');
  if (!options || !rest || rest.length !== 1 || rest.length === options.length) return { node, nullable: false };
  const [only] = rest;
  if (!only) return { node, nullable: false };
  return { node: { ...only, description: node.description ?? only.description, default: node.default }, nullable: true };
}

/** The object shapes of a node: one for an object, one per option for a union of objects, else none. */
export function objectVariants(node: JsonNode): JsonNode[] {
  if (node.type === 'object' && node.properties) return [node];
  const options = node.anyOf ?? node.oneOf ?? [];
  return options.length > 0 && options.every((o) => o.type === 'object' && o.properties) ? [...options] : [];
}

/** The value that tells union options apart (`source: rtsp`), or null. */
export function variantTag(variant: JsonNode): { key: string; value: string } | null {
  for (const [key, child] of Object.entries(variant.properties ?? {})) {
    if (typeof child.const === 'string') return { key, value: child.const };
  }
  return null;
}
