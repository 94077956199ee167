import { nullableFields } from './ai-task-structure.js';
import { parseVlmReply, type ParsedReply } from './vlm-output-schema.js';

/**
 * The `data` of an `ai_task.generate_data` answer as HomeSec's verdict, through the same zod schema as a
 * VLM reply. With a `structure`, HA's integrations answer an object; a field that is not required (a
 * nullable one) may be left out, which means null. Text (an entity that ignored the structure) is read
 * like a VLM message: JSON, perhaps in a code fence.
 */
export function parseAiTaskAnswer(data: unknown): ParsedReply {
  if (data === null || data === undefined) return { ok: false, problem: 'the answer has no data' };
  if (typeof data === 'string') return parseVlmReply(data);
  if (typeof data !== 'object' || Array.isArray(data)) return { ok: false, problem: `the answer is a ${typeof data}, not an object` };
  let filled: unknown = data;
  for (const path of nullableFields()) filled = withNullDefault(filled, path.split('.'));
  return parseVlmReply(JSON.stringify(filled));
}

/** A copy of `value` with the field at `path` set to null where it is missing (`name[]` walks a list). */
function withNullDefault(value: unknown, path: readonly string[]): unknown {
  const [head, ...rest] = path;
  if (head === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const doc = { ...(value as Record<string, unknown>) };
  const list = head.endsWith('[]');
  const key = list ? head.slice(0, -2) : head;
  if (rest.length === 0) {
    if (doc[key] === undefined) doc[key] = null;
    return doc;
  }
  const child = doc[key];
  if (list) doc[key] = Array.isArray(child) ? child.map((item) => withNullDefault(item, rest)) : child;
  else doc[key] = withNullDefault(child, rest);
  return doc;
}
