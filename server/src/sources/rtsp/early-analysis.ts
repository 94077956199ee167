import { rm } from 'node:fs/promises';
import { abortableDelay } from '../../runtime/abortable-delay.js';
import { join } from 'node:path';
import type { AnalysisSubject, ClipAnalyzer } from '../../core/clip-analyzer.js';
import type { Detection } from '../../core/detection.js';
import type { LiveActivity } from '../../core/live-activity.js';
import type { Logger } from '../../core/logger.js';
import type { FfmpegTools } from '../../media/ffmpeg-tools.js';
import { assembleClip } from './clip-assembler.js';
import type { Segment } from './clip-planner.js';

export interface EarlyAnalysisOptions {
  readonly camera: string;
  readonly analyzer: ClipAnalyzer;
  readonly live: LiveActivity;
  readonly tools: FfmpegTools;
  /** Where the partial clip is assembled (the camera's work folder). */
  readonly workDir: string;
  /** `analyzer.early_after_s`: seconds of confirmed activity before the call. */
  readonly delayMs: number;
  /** The segments of the clip being recorded so far, pre-roll included. */
  readonly segmentsSoFar: () => readonly Segment[];
  readonly log: Logger;
}

/**
 * The vision model's first look at a live event: once a trigger label is confirmed and a few more
 * seconds are recorded, the pre-roll and those seconds (stream-copied, no re-encode) go to the VLM,
 * while the person is still there. Once per event; the spend ledger and budget apply as to any call.
 */
export class EarlyAnalysis {
  private readonly asked = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly abort = new AbortController();
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: EarlyAnalysisOptions) {}

  schedule(
    eventId: string,
    confirmed: { readonly atMs: number; readonly detections: readonly Detection[] },
    labels: readonly string[],
  ): void {
    if (this.asked.has(eventId)) return;
    this.asked.add(eventId);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.running = this.running.then(() => this.analyse(eventId, confirmed, labels));
    }, this.options.delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.abort.abort();
    await this.running;
  }

  /**
   * The recorded segments so far. Right after a camera's start, a detector that confirms within a second
   * of the motion can be ahead of the recorder, whose segments are listed only once written: wait for the
   * first one rather than skip the call. (Waiting for the segment with the confirmed moment itself cost
   * up to a segment's length on every event, past the update's latency target.)
   */
  private async segmentsSoFar(): Promise<readonly Segment[]> {
    const deadline = Date.now() + SEGMENT_WAIT_MS;
    for (;;) {
      const segments = this.options.segmentsSoFar();
      if (segments.length > 0 || Date.now() >= deadline || this.abort.signal.aborted) return segments;
      await abortableDelay(SEGMENT_POLL_MS, this.abort.signal);
    }
  }

  private async analyse(
    eventId: string,
    confirmed: { readonly atMs: number; readonly detections: readonly Detection[] },
    labels: readonly string[],
  ): Promise<void> {
    const { log, camera } = this.options;
    const segments = await this.segmentsSoFar();
    const first = segments[0];
    const last = segments[segments.length - 1];
    if (!first || !last) {
      if (!this.abort.signal.aborted)
        log.warn({ event_type: 'rtsp.early_vlm_skipped', event_id: eventId }, 'no early VLM call: no recorded segment yet');
      return;
    }
    const file = join(this.options.workDir, `${eventId}.early.mp4`);
    try {
      const assembled = await assembleClip(this.options.tools, segments, file, this.abort.signal);
      if (!assembled.ok) {
        log.warn({ event_type: 'rtsp.early_vlm_skipped', event_id: eventId, err: assembled.error }, 'no early VLM call: nothing to send');
        return;
      }
      const subject = earlySubject(eventId, camera, first.startedAt, last.endedAt, confirmed, labels);
      const outcome = await this.options.analyzer.analyze(subject, file, this.abort.signal);
      if (outcome.kind === 'analyzed') this.options.live.analysed(eventId, outcome.analysis);
      else
        log.info(
          { event_type: 'rtsp.early_vlm_not_used', event_id: eventId, outcome: outcome.kind, reason: outcome.reason },
          'no early verdict',
        );
    } catch (e) {
      log.warn({ event_type: 'rtsp.early_vlm_failed', event_id: eventId, err: e }, 'early VLM call failed');
    } finally {
      await rm(file, { force: true });
    }
  }
}

/** How long the early call waits for the recorder's first segment of the event. */
const SEGMENT_WAIT_MS = 10_000;
const SEGMENT_POLL_MS = 250;

/** What the analyzer is told about the first seconds of a live event (its id books the spend). */
function earlySubject(
  eventId: string,
  camera: string,
  startedAt: number,
  endedAt: number,
  confirmed: { readonly atMs: number; readonly detections: readonly Detection[] },
  labels: readonly string[],
): AnalysisSubject {
  const durationS = Math.max(0.1, (endedAt - startedAt) / 1000);
  const t = Math.min(durationS, Math.max(0, (confirmed.atMs - startedAt) / 1000));
  return {
    id: eventId,
    camera,
    startedAt: new Date(startedAt).toISOString(),
    durationS,
    stages: {},
    detection: {
      model: 'live',
      framesSampled: 1,
      labels: labels.map((label) => ({ label, bestScore: 1, frames: 1 })),
      triggered: true,
      // Boxes are in the live picture's pixels, not the clip's: only the moment is used for frame choice.
      bestFrame: { t, detections: [] },
      earlyExit: true,
      frameWidth: 1,
      frameHeight: 1,
    },
  };
}
