import { describe, expect, it } from 'vitest';
import { buildMessages, type PromptInput } from '../../../server/src/analyze/prompt-builder.js';

const input: PromptInput = {
  camera: 'driveway',
  context: '',
  startedAt: '2026-12-07T12:00:00.000Z',
  durationS: 8,
  detected: {
    labels: [
      { label: 'person', bestScore: 0.81, frames: 4 },
      { label: 'car', bestScore: 0.9, frames: 6 },
    ],
    framesSampled: 6,
    objectCounts: [
      { label: 'person', moving: 2, stationary: 0 },
      { label: 'car', moving: 0, stationary: 1 },
    ],
  },
  footage: 'live_event',
  frames: [],
};

/** All text the model is sent. */
function promptText(p: PromptInput): string {
  return buildMessages(p)
    .map((m) => (typeof m.content === 'string' ? m.content : m.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n')))
    .join('\n');
}

describe('the VLM prompt', () => {
  it('tells the model how many objects were tracked, moving and stationary', () => {
    // Given an early call on an event where the detector tracked two walking persons and a parked car
    // When the prompt is built
    const text = promptText(input);
    // Then it says how many there were
    expect(text).toContain('Distinct objects tracked: 2 persons (stationary: 1 car).');
  });

  it('says nothing about counts when the detector tracked none (an old clip)', () => {
    // Given detections without object counts
    const { objectCounts: _counts, ...withoutCounts } = input.detected ?? { labels: [], framesSampled: 0 };
    // When the prompt is built, Then no count line is there
    expect(promptText({ ...input, detected: withoutCounts })).not.toContain('Distinct objects');
  });
});
