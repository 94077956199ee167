import type { LabelSummary, ObjectCount } from '../core/detection.js';
import { describeObjectCounts } from '../detect/object-counts.js';
import type { VlmFrame } from './frame-selector.js';

/** Chat message shapes of the OpenAI-compatible API (only what HomeSec sends). */
export type ChatContentPart =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'image_url'; readonly image_url: { readonly url: string; readonly detail: 'high' | 'low' | 'auto' } };
export type ChatMessage =
  | { readonly role: 'system'; readonly content: string }
  | { readonly role: 'user'; readonly content: string | readonly ChatContentPart[] }
  | { readonly role: 'assistant'; readonly content: string };

export interface PromptInput {
  readonly camera: string;
  /** What the camera sees and what is normal there (camera config `context`). */
  readonly context: string;
  readonly startedAt: string;
  readonly durationS: number | null;
  /** What the detector found: labels with their best scores, in how many of the sampled frames. */
  readonly detected: {
    readonly labels: readonly LabelSummary[];
    readonly framesSampled: number;
    /** Distinct objects tracked across the frames, moving and stationary. */
    readonly objectCounts?: readonly ObjectCount[];
  } | null;
  /** A stored clip, or the first seconds of an event still going on. */
  readonly footage: 'clip' | 'live_event';
  readonly frames: readonly VlmFrame[];
}

export const SYSTEM_PROMPT = [
  'You are a security analyst reviewing residential security camera footage, frame by frame.',
  'Detect every person, vehicle, animal and package, including distant or partly hidden ones.',
  'Use only the offsets in the frame labels for first and last seen times.',
  'Focus on what matters for security: approaching or leaving, doorbell, door or window interaction,',
  'loitering, concealed faces, repeated passes, package delivery or theft, vehicles stopping.',
  'Judge risk against what is normal for this camera. Prefer a lower risk when nothing unusual happens;',
  'say "unknown" rather than guess. Keep observations to short security-relevant facts.',
  'Answer with one JSON object that follows the given schema, and nothing else.',
].join(' ');

/** Offsets as labelled for the model, e.g. "t=3.25s". */
export function frameLabel(t: number): string {
  return `t=${t.toFixed(2)}s`;
}

function detectorLine(detected: PromptInput['detected']): string {
  if (!detected) return 'Object detector: no result.';
  if (detected.labels.length === 0) return 'Object detector: nothing detected.';
  const labels = detected.labels.map(
    (l) => `${l.label} (best score ${l.bestScore.toFixed(2)}, in ${l.frames} of ${detected.framesSampled} sampled frames)`,
  );
  const objects = describeObjectCounts(detected.objectCounts ?? []);
  // How many there were: one person at the door is not a group in the garden.
  const counted = objects ? ` Distinct objects tracked: ${objects}.` : '';
  return `Object detector saw: ${labels.join(', ')}.${counted}`;
}

function footageLine(input: PromptInput): string {
  const length = input.durationS !== null ? ` and lasts ${input.durationS.toFixed(1)} s` : '';
  if (input.footage === 'live_event')
    return `These are the first seconds of an event still going on: the footage starts at ${input.startedAt}${length}.`;
  return `Clip started at ${input.startedAt}${length}.`;
}

/** The chat messages for one clip: the fixed system prompt, then the clip's facts and its labelled frames. */
export function buildMessages(input: PromptInput): ChatMessage[] {
  const first = input.frames[0];
  const last = input.frames[input.frames.length - 1];
  const intro = [
    `Camera: ${input.camera}. ${footageLine(input)}`,
    input.context.trim() !== '' ? `About this camera: ${input.context.trim()}` : '',
    detectorLine(input.detected),
    `Analyze these ${input.frames.length} frames, in time order, from ${frameLabel(first?.t ?? 0)} to ${frameLabel(last?.t ?? 0)}.`,
  ].filter((line) => line !== '');
  const parts: ChatContentPart[] = [{ type: 'text', text: intro.join('\n') }];
  input.frames.forEach((frame, i) => {
    parts.push({ type: 'text', text: `Frame ${i + 1} of ${input.frames.length} at ${frameLabel(frame.t)}:` });
    parts.push({ type: 'image_url', image_url: { url: `data:image/jpeg;base64,${frame.jpeg.toString('base64')}`, detail: 'high' } });
  });
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: parts },
  ];
}

/** The follow-up that asks the model to fix a reply that failed validation (one attempt only). */
export function repairMessages(original: ChatMessage[], badReply: string, problem: string): ChatMessage[] {
  return [
    ...original,
    { role: 'assistant', content: badReply.slice(0, 20_000) },
    {
      role: 'user',
      content: `Your reply could not be used: ${problem}. Answer again with only one JSON object that follows the schema exactly.`,
    },
  ];
}
