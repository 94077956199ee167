import { describe, expect, it } from 'vitest';
import { parseVlmReply, toAnalysis, vlmJsonSchema } from '../../../server/src/analyze/vlm-output-schema.js';
import { priceOf } from '../../../server/src/analyze/model-prices.js';
import { vlmReply } from '../../support/servers/fake-openai-server.js';

describe('VLM output schema', () => {
  it('builds a strict JSON schema: every field required, no extra properties', () => {
    // Given the zod schema, When converted, Then OpenAI strict mode rules hold at the top and in entities
    const schema = vlmJsonSchema() as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, { items?: { additionalProperties?: boolean } }>;
    };
    expect(schema.required.sort()).toEqual(['activity', 'entities', 'observations', 'requires_review', 'risk_level', 'summary']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.entities?.items?.additionalProperties).toBe(false);
    expect(schema).not.toHaveProperty('$schema');
  });

  it('maps the snake_case reply to the clip Analysis', () => {
    // Given a valid reply, When parsed and mapped, Then fields land in camelCase
    const parsed = parseVlmReply(JSON.stringify(vlmReply({ risk_level: 'high' })));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const analysis = toAnalysis(parsed.reply, { model: 'm', framesSent: 3, usage: { promptTokens: 1, completionTokens: 2, costUsd: 0 } });
    expect(analysis).toMatchObject({
      title: 'Two people cross the plaza',
      riskLevel: 'high',
      activity: 'passerby',
      requiresReview: false,
      framesSent: 3,
    });
    expect(analysis.entities[0]).toMatchObject({ type: 'person', firstSeenS: 0.8, lastSeenS: 12.1 });
  });

  it('accepts the seed integer risk and code fences in JSON mode, and explains what is wrong otherwise', () => {
    // Given lenient or broken replies, When parsed, Then lenient ones pass and broken ones name the problem
    const fenced = '```json\n' + JSON.stringify(vlmReply({ risk_level: 2, activity: 'PASSERBY' })) + '\n```';
    const ok = parseVlmReply(fenced);
    expect(ok.ok && ok.reply.risk_level).toBe('high');
    expect(parseVlmReply('{"a":')).toMatchObject({ ok: false, problem: expect.stringMatching(/not valid JSON/) });
    expect(parseVlmReply(JSON.stringify({ summary: 'x' }))).toMatchObject({ ok: false, problem: expect.stringMatching(/summary/) });
    expect(parseVlmReply('')).toMatchObject({ ok: false });
  });
});

describe('model prices', () => {
  it('prefers the user table, then the longest built-in prefix', () => {
    // Given model names, When priced, Then the most specific entry wins
    expect(priceOf('gpt-4.1-mini-2025-04-14', [])).toEqual({ input: 0.4, output: 1.6 });
    expect(priceOf('gpt-4.1', [])).toEqual({ input: 2, output: 8 });
    expect(priceOf('llava', [{ model: 'llava', inputUsdPerMtok: 0, outputUsdPerMtok: 0 }])).toEqual({ input: 0, output: 0 });
    expect(priceOf('openai/gpt-4o-mini', [])).toEqual({ input: 0.15, output: 0.6 });
  });
});
