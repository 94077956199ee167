import { describe, expect, it } from 'vitest';
import { parseLogLine } from '../../../server/src/logging/log-line.js';

const WARN = 40;
const line = (record: Record<string, unknown>) => JSON.stringify({ time: '2026-11-21T10:00:00.000Z', service: 'homesec', ...record });

describe('parseLogLine', () => {
  it('keeps records at or above the level, with clip, camera and event type as columns', () => {
    // Given a warning about a clip
    const text = line({
      level: 'warn',
      event_type: 'pipeline.stage_failed',
      clip_id: 'c1',
      camera: 'front',
      stage: 'detect',
      msg: 'detect: failed',
    });
    // When it is parsed for a warn sink
    const record = parseLogLine(text, WARN);
    // Then the columns are lifted out and the other fields kept
    expect(record).toEqual({
      time: '2026-11-21T10:00:00.000Z',
      level: 'warn',
      msg: 'detect: failed',
      eventType: 'pipeline.stage_failed',
      camera: 'front',
      clipId: 'c1',
      data: { stage: 'detect' },
    });
  });

  it('keeps records below the level only when they carry an event_type', () => {
    // Given an info record with an event type and one without
    // When parsed for a warn sink; Then only the first is kept
    expect(parseLogLine(line({ level: 'info', event_type: 'pipeline.clip_done', msg: 'done' }), WARN)?.eventType).toBe(
      'pipeline.clip_done',
    );
    expect(parseLogLine(line({ level: 'info', msg: 'chatter' }), WARN)).toBeNull();
    expect(parseLogLine(line({ level: 'debug', msg: 'more chatter' }), WARN)).toBeNull();
  });

  it('ignores lines that are not pino records', () => {
    // Given garbage and a record with an unknown level; Then neither is kept
    expect(parseLogLine('not json', WARN)).toBeNull();
    expect(parseLogLine(line({ level: 'loud', msg: 'x' }), WARN)).toBeNull();
  });

  it('keeps the columns but not the fields of a very long record', () => {
    // Given an error with a huge field
    const record = parseLogLine(line({ level: 'error', msg: 'boom', blob: 'x'.repeat(20_000) }), WARN);
    // Then it is kept, marked truncated
    expect(record?.msg).toBe('boom');
    expect(record?.data).toMatchObject({ truncated: true });
  });
});
