import type { AnalyzerConfig } from '../config/sections/analyzer-config.js';
import type { SampledPicture } from '../core/clip-analyzer.js';
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
