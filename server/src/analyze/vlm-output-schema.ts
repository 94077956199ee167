import { z } from 'zod';
import { ACTIVITY_TYPES, ENTITY_TYPES, type Analysis, type TokenUsage } from '../core/analysis.js';
import { RISK_LEVELS } from '../core/risk-level.js';

const TITLE_MAX = 120;

/**
 * What the VLM must answer, in snake_case (the wire format). Risk is a lowercase string, not the
 * seed's integer 0-3, so the model, the API and MQTT use one vocabulary.
 */
export const VlmReplySchema = z.object({
  summary: z
    .object({
      title: z.string().describe('One short line for a phone notification, at most 80 characters, e.g. "Person tried the front door"'),
      description: z.string().describe('Two to four sentences on what happened, in order'),
    })
    .describe('Title for notifications plus a description'),
  risk_level: z
    .enum(RISK_LEVELS)
    .describe(
      'low: normal activity; medium: unusual, worth a look; high: likely intrusion or theft; critical: danger to people or property now',
    ),
  activity: z.enum(ACTIVITY_TYPES).describe('The main activity in the clip'),
  observations: z.array(z.string()).describe('Short security-relevant facts, one per item'),
  entities: z
    .array(
      z.object({
        type: z.enum(ENTITY_TYPES),
        description: z.string(),
        first_seen_s: z.number().nullable().describe('Offset (seconds) of the first frame showing it, from the frame labels'),
        last_seen_s: z.number().nullable().describe('Offset (seconds) of the last frame showing it'),
        movement: z.string(),
        interaction: z.string().describe('What it did with doors, windows, packages, vehicles; empty if nothing'),
      }),
    )
    .describe('Every person, vehicle, animal and package seen'),
  requires_review: z.boolean().describe('True when a human should look at the clip'),
});
export type VlmReply = z.infer<typeof VlmReplySchema>;

export const VLM_SCHEMA_NAME = 'clip_analysis';

/** The JSON schema sent as `response_format` (strict: every field required, no extra properties). */
export function vlmJsonSchema(): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(VlmReplySchema, { io: 'output' }) as Record<string, unknown>;
  return schema;
}

/** Lowercases enum-like strings and maps the seed's 0-3 risk integers, for lenient providers in JSON mode. */
function normalize(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const doc = { ...(raw as Record<string, unknown>) };
  const risk = doc.risk_level;
  if (typeof risk === 'number') doc.risk_level = RISK_LEVELS[risk] ?? risk;
  else if (typeof risk === 'string') doc.risk_level = risk.trim().toLowerCase();
  if (typeof doc.activity === 'string') doc.activity = doc.activity.trim().toLowerCase();
  return doc;
}

export type ParsedReply = { readonly ok: true; readonly reply: VlmReply } | { readonly ok: false; readonly problem: string };

/** Parses the model's message content; the problem text is fed back to the model in the repair attempt. */
export function parseVlmReply(content: string | null | undefined): ParsedReply {
  if (!content || content.trim() === '') return { ok: false, problem: 'the reply was empty' };
  let json: unknown;
  try {
    json = JSON.parse(stripCodeFence(content));
  } catch (e) {
    return { ok: false, problem: `the reply is not valid JSON (${(e as Error).message})` };
  }
  const parsed = VlmReplySchema.safeParse(normalize(json));
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 8).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { ok: false, problem: `the reply does not match the schema: ${problems.join('; ')}` };
  }
  return { ok: true, reply: parsed.data };
}

/** Some models wrap JSON in a markdown code fence even in JSON mode. */
function stripCodeFence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(text);
  return fenced?.[1] ?? text;
}

/** The wire reply as the clip's Analysis (camelCase). */
export function toAnalysis(reply: VlmReply, meta: { model: string; framesSent: number; usage: TokenUsage }): Analysis {
  const title = reply.summary.title.trim().replace(/\s+/g, ' ');
  return {
    title: title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1)}…` : title,
    summary: reply.summary.description.trim(),
    riskLevel: reply.risk_level,
    activity: reply.activity,
    observations: reply.observations,
    entities: reply.entities.map((e) => ({
      type: e.type,
      description: e.description,
      firstSeenS: e.first_seen_s,
      lastSeenS: e.last_seen_s,
      movement: e.movement,
      interaction: e.interaction,
    })),
    requiresReview: reply.requires_review,
    model: meta.model,
    framesSent: meta.framesSent,
    usage: meta.usage,
  };
}
