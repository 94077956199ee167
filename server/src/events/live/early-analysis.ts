import type { ClipAnalyzer, LiveEventSubject } from '../../core/clip-analyzer.js';
import type { FootageSoFar, LiveCamera } from '../../core/live-camera.js';
import type { Logger } from '../../core/logger.js';
import { abortableDelay } from '../../runtime/abortable-delay.js';
import { SerialQueue } from '../../runtime/serial-queue.js';
import type { LiveActivity } from './live-activity.js';
import type { ConfirmedMoment } from './live-detection.js';

export interface EarlyAnalysisOptions {
  readonly camera: LiveCamera;
  readonly analyzer: ClipAnalyzer;
  readonly live: LiveActivity;
  /** `analyzer.early_after_s`: seconds of confirmed activity before the call. */
  readonly delayMs: number;
  readonly log: Logger;
}

/**
 * The vision model's first look at a live event: once a trigger label is confirmed and a few more
 * seconds are recorded, the footage so far (pre-roll included, stream-copied) goes to the VLM while
 * the person is still there, with what the live detector really found. Once per event; the spend
 * ledger and budget apply as to any call. Calls run one at a time; one that fails does not stop the next.
 */
export class EarlyAnalysis {
  private readonly asked = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly abort = new AbortController();
  private readonly calls: SerialQueue;

  constructor(private readonly options: EarlyAnalysisOptions) {
    this.calls = new SerialQueue(({ what, error }) =>
      options.log.warn({ event_type: 'live.early_vlm_failed', what, err: error }, 'early VLM call failed'),
    );
  }

  schedule(eventId: string, confirmed: ConfirmedMoment): void {
    if (this.asked.has(eventId)) return;
    this.asked.add(eventId);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.calls.push(`early VLM call for ${eventId}`, () => this.analyse(eventId, confirmed));
    }, this.options.delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.abort.abort();
    await this.calls.idle();
  }

  /**
   * Right after a camera's start, a detector that confirms within a second of the motion can be ahead
   * of the recorder, whose segments are known only once written: wait for the first one rather than
   * skip the call. (Waiting for the segment with the confirmed moment itself cost up to a segment's
   * length on every event.)
   */
  private async analyse(eventId: string, confirmed: ConfirmedMoment): Promise<void> {
    const { log, camera } = this.options;
    const signal = this.abort.signal;
    const deadline = Date.now() + SEGMENT_WAIT_MS;
    for (;;) {
      const used = await camera.useFootageSoFar(signal, (footage) => this.ask(eventId, footage, confirmed));
      if (used.kind === 'used') return;
      if (used.kind === 'failed') {
        log.warn({ event_type: 'live.early_vlm_skipped', event_id: eventId, reason: used.reason }, 'no early VLM call: nothing to send');
        return;
      }
      if (signal.aborted) return;
      if (Date.now() >= deadline) {
        log.warn({ event_type: 'live.early_vlm_skipped', event_id: eventId }, 'no early VLM call: no recorded segment yet');
        return;
      }
      await abortableDelay(SEGMENT_POLL_MS, signal);
    }
  }

  private async ask(eventId: string, footage: FootageSoFar, confirmed: ConfirmedMoment): Promise<void> {
    const skippedBy = this.options.live.earlyAnalysisSkipped(eventId);
    if (skippedBy) {
      this.options.log.info(
        { event_type: 'live.early_vlm_not_used', event_id: eventId, outcome: 'skipped', reason: skippedBy },
        'no early VLM call',
      );
      return;
    }
    const subject = liveEventSubject(eventId, this.options.camera.camera, footage, confirmed);
    const outcome = await this.options.analyzer.analyze(subject, footage.file, this.abort.signal);
    if (outcome.kind === 'analyzed') this.options.live.analysed(eventId, outcome.analysis);
    else
      this.options.log.info(
        { event_type: 'live.early_vlm_not_used', event_id: eventId, outcome: outcome.kind, reason: outcome.reason },
        'no early verdict',
      );
  }
}

/** How long the early call waits for the recorder's first segment of the event. */
const SEGMENT_WAIT_MS = 10_000;
const SEGMENT_POLL_MS = 250;

/** What the analyzer is told about the first seconds of a live event (its id books the spend). */
export function liveEventSubject(eventId: string, camera: string, footage: FootageSoFar, confirmed: ConfirmedMoment): LiveEventSubject {
  const durationS = Math.max(0.1, (footage.endedAtMs - footage.startedAtMs) / 1000);
  return {
    kind: 'live_event',
    eventId,
    camera,
    startedAt: new Date(footage.startedAtMs).toISOString(),
    durationS,
    labels: confirmed.findings.labels,
    framesSampled: confirmed.findings.framesSampled,
    objectCounts: confirmed.findings.objectCounts,
    confirmedAtS: Math.min(durationS, Math.max(0, (confirmed.atMs - footage.startedAtMs) / 1000)),
  };
}
