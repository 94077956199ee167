import type { AnalyzerConfig } from '../config/sections/analyzer-config.js';
import type { AnalyzeOutcome, SampledPicture } from '../core/clip-analyzer.js';
import { err, ok, type Result } from '../core/result.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { FfmpegTools } from '../media/ffmpeg-tools.js';
import { probeMedia } from '../media/probe-media.js';
import { chooseFrameTimes, extractFrames, readSampledFrames, type VlmFrame } from './frame-selector.js';
import type { SubjectFacts } from './subject-facts.js';

export interface ClipFramesOptions {
  readonly config: Pick<AnalyzerConfig, 'maxFrames' | 'imageMaxPx' | 'jpegQuality'>;
  readonly tools: FfmpegTools;
}

/** The frames a model sees of a clip: the detector's pictures nearest the chosen times when it made them; else one ffmpeg pass over the clip. */
export async function clipFrames(
  clip: SubjectFacts,
  mediaFile: string,
  signal: AbortSignal,
  pictures: readonly SampledPicture[],
  { config, tools }: ClipFramesOptions,
): Promise<VlmFrame[]> {
  const durationS = clip.durationS ?? (await probeMedia(tools, mediaFile, signal)).durationS ?? 0;
  const times = chooseFrameTimes({ durationS, maxFrames: config.maxFrames, bestT: clip.bestT });
  if (pictures.length > 0) {
    const frames = await readSampledFrames(pictures, times);
    if (frames.length > 0) return frames;
  }
  return extractFrames(tools, mediaFile, times, { maxPx: config.imageMaxPx, quality: config.jpegQuality, signal });
}

/**
 * The frames for one model call, taken once the circuit breaker let the call through: a clip whose frames
 * cannot be read gives its slot back (it says nothing about the model) and fails with why.
 */
export async function framesForCall(
  clip: SubjectFacts,
  mediaFile: string,
  signal: AbortSignal,
  pictures: readonly SampledPicture[],
  options: ClipFramesOptions & { readonly breaker: Pick<CircuitBreaker, 'released'> },
): Promise<Result<VlmFrame[], AnalyzeOutcome>> {
  let frames: VlmFrame[];
  try {
    frames = await clipFrames(clip, mediaFile, signal, pictures, options);
  } catch (e) {
    options.breaker.released();
    return err({ kind: 'failed', reason: `frames_unavailable: ${(e as Error).message}`, retryable: !signal.aborted });
  }
  if (frames.length === 0) {
    options.breaker.released();
    return err({ kind: 'failed', reason: 'frames_unavailable: no frame could be decoded', retryable: false });
  }
  return ok(frames);
}
