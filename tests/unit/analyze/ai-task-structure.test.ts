import { describe, expect, it } from 'vitest';
import { parseAiTaskAnswer } from '../../../server/src/analyze/ai-task-answer.js';
import { mediaSourceRoot } from '../../../server/src/analyze/ai-task-attachments.js';
import { aiTaskInstructions } from '../../../server/src/analyze/ai-task-instructions.js';
import { aiTaskStructure, nullableFields } from '../../../server/src/analyze/ai-task-structure.js';
import { buildMessages, SYSTEM_PROMPT } from '../../../server/src/analyze/prompt-builder.js';
import { maskedConfig } from '../../../server/src/config/masked-config.js';
import { parseConfigSection } from '../../../server/src/config/schema.js';
import { AnalyzerConfigSchema } from '../../../server/src/config/sections/analyzer-config.js';
import { HomeAssistantConfigSchema } from '../../../server/src/config/sections/home-assistant-config.js';
import { ACTIVITY_TYPES, ENTITY_TYPES } from '../../../server/src/core/analysis.js';
import { RISK_LEVELS } from '../../../server/src/core/risk-level.js';
import { vlmReply } from '../../support/servers/fake-openai-server.js';

const text = { text: {} };
const number = { number: { mode: 'box', step: 'any' } };

describe('the verdict schema as an AI Task structure', () => {
  it('is the same schema in selectors: enums as select, lists as multiple, entities as object fields, nullable as not required', () => {
    // Given HomeSec's verdict schema, When translated to ai_task.generate_data's structure
    const structure = aiTaskStructure();

    // Then every field has its selector, required flag and description (labels inside objects)
    const withoutTexts = Object.fromEntries(Object.entries(structure).map(([k, { selector, required }]) => [k, { selector, required }]));
    expect(withoutTexts).toStrictEqual({
      summary: {
        selector: {
          object: {
            fields: {
              title: { selector: text, required: true, label: expect.stringContaining('phone notification') },
              description: { selector: text, required: true, label: expect.any(String) },
            },
          },
        },
        required: true,
      },
      risk_level: { selector: { select: { options: [...RISK_LEVELS] } }, required: true },
      activity: { selector: { select: { options: [...ACTIVITY_TYPES] } }, required: true },
      observations: { selector: { text: { multiple: true } }, required: true },
      entities: {
        selector: {
          object: {
            multiple: true,
            fields: {
              type: { selector: { select: { options: [...ENTITY_TYPES] } }, required: true },
              description: { selector: text, required: true },
              first_seen_s: { selector: number, required: false, label: expect.stringContaining('first frame') },
              last_seen_s: { selector: number, required: false, label: expect.any(String) },
              movement: { selector: text, required: true },
              interaction: { selector: text, required: true, label: expect.any(String) },
            },
          },
        },
        required: true,
      },
      requires_review: { selector: { boolean: {} }, required: true },
    });
    expect(structure.risk_level?.description).toContain('critical: danger to people or property now');
    expect(nullableFields()).toEqual(['entities[].first_seen_s', 'entities[].last_seen_s']);
  });

  it('reads an answer into the verdict: left-out nullable fields are null, text answers are JSON, anything else is a problem', () => {
    // Given an answer whose entity leaves out its optional offsets
    const reply = vlmReply({ risk_level: 'high' });
    const entity = { type: 'person', description: 'adult', movement: 'toward the door', interaction: 'tried the handle' };

    // When it is read, Then it is the verdict with null offsets
    const read = parseAiTaskAnswer({ ...reply, entities: [entity] });
    expect(read.ok && read.reply.entities[0]).toEqual({ ...entity, first_seen_s: null, last_seen_s: null });
    expect(read.ok && read.reply.risk_level).toBe('high');
    // And a JSON text answer (an entity that ignored the structure) is read like a VLM message
    expect(parseAiTaskAnswer(JSON.stringify(reply)).ok).toBe(true);
    // And answers that are not the verdict say what is wrong
    const wrong = parseAiTaskAnswer({ ...reply, risk_level: 'apocalyptic' });
    expect(wrong.ok ? null : wrong.problem).toMatch(/does not match the schema: risk_level/);
    expect(parseAiTaskAnswer(null)).toEqual({ ok: false, problem: 'the answer has no data' });
    expect(parseAiTaskAnswer(['x']).ok).toBe(false);
  });

  it('asks with the VLM prompt, each frame label naming its attachment', () => {
    // Given the VLM messages for two frames
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
    const messages = buildMessages({
      camera: 'porch',
      context: 'Front porch.',
      startedAt: '2026-12-07T10:00:00.000Z',
      durationS: 6,
      detected: null,
      footage: 'clip',
      frames: [
        { t: 1, jpeg },
        { t: 4.5, jpeg },
      ],
    });

    // When they become AI Task instructions
    const instructions = aiTaskInstructions(messages);

    // Then the system prompt and the clip's facts are there, the frames point at attachments, no image data
    expect(instructions.startsWith(SYSTEM_PROMPT)).toBe(true);
    expect(instructions).toContain('About this camera: Front porch.');
    expect(instructions).toContain('Frame 1 of 2 at t=1.00s: attachment 1');
    expect(instructions).toContain('Frame 2 of 2 at t=4.50s: attachment 2');
    expect(instructions).toContain('The 2 frames are attached in this order.');
    expect(instructions).not.toContain('base64');
  });

  it('names the media folder by its media-source id: derived under /media, configured elsewhere', () => {
    // Given the add-on's media folder, one outside /media, and a configured id, Then each has its root
    expect(mediaSourceRoot('/media/homesec', '')).toBe('media-source://media_source/local/homesec');
    expect(mediaSourceRoot('/media', '')).toBe('media-source://media_source/local');
    expect(mediaSourceRoot('/var/lib/homesec/media', '')).toBeNull();
    expect(mediaSourceRoot('/srv/media', 'media-source://media_source/nas/homesec/')).toBe('media-source://media_source/nas/homesec');
  });

  it('takes the provider keys, keeps the token secret and refuses what is not an AI Task entity', () => {
    // Given the home_assistant provider with a standalone URL and token
    const config = parseConfigSection(AnalyzerConfigSchema, {
      provider: 'home_assistant',
      ai_task_entity: 'ai_task.google_ai_task',
    });
    const ha = parseConfigSection(HomeAssistantConfigSchema, { url: 'http://homeassistant.local:8123', token: 'eyJ-long-lived-secret' });

    // Then they are read, the default provider is openai, and the settings view masks the token
    expect(config).toMatchObject({ provider: 'home_assistant', aiTaskEntity: 'ai_task.google_ai_task', haMediaSource: '' });
    expect(parseConfigSection(AnalyzerConfigSchema, {}).provider).toBe('openai');
    const shown = maskedConfig({ analyzer: config, homeAssistant: ha });
    expect(JSON.stringify(shown.config)).not.toContain('eyJ-long-lived-secret');
    expect(shown.masked).toContain('home_assistant.token');
    // And an entity of another domain or a URL that is not http(s) is refused
    expect(() => parseConfigSection(AnalyzerConfigSchema, { ai_task_entity: 'conversation.openai' })).toThrow();
    expect(() => parseConfigSection(HomeAssistantConfigSchema, { url: 'homeassistant.local' })).toThrow();
  });
});
