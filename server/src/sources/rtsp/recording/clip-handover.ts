import { readdir, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Clip } from '../../../core/clip.js';
import type { ClipIntake, IncomingClip } from '../../../core/clip-intake.js';
import { InputError } from '../../../core/errors.js';
import { err, type Result } from '../../../core/result.js';
import type { Logger } from '../../../core/logger.js';
import type { FfmpegTools } from '../../../media/ffmpeg-tools.js';
import { SerialQueue } from '../../../runtime/serial-queue.js';
import { assembleClip } from './clip-assembler.js';
import type { Segment } from '../segment.js';
import type { ClipPlan } from './clip-planner.js';

export interface ClipHandoverOptions {
  readonly camera: string;
  /** Where finished MP4s wait for intake (a refused one stays here for the next start). */
  readonly clipDir: string;
  readonly intake: ClipIntake;
  readonly tools: FfmpegTools;
  readonly log: Logger;
  /** A plan's segments became a file in the clip folder (or failed to): they are no longer unassembled footage. */
  readonly onAssembled: () => void;
  readonly onOutcome: (outcome: HandoverOutcome) => void;
}

export interface HandoverOutcome {
  readonly plan: ClipPlan | null;
  readonly clip: IncomingClip | null;
  readonly result: Result<Clip, Error>;
}

/**
 * Turns clip plans into finished MP4s and hands them to the intake, one at a time in order. A slow or
 * failing intake never blocks recording: the queue only holds plans, and a clip the intake refused
 * stays in the clips folder and is offered again at the next start.
 */
export class ClipHandover {
  /** One clip at a time, in order; one whose hand-over throws is logged and counted, and the next still goes. */
  readonly queue = new SerialQueue((f) => {
    this.leftoversWaiting = true;
    this.log.error(
      { event_type: 'rtsp.clip_handover_crashed', what: f.what, failures: f.failures, err: f.error },
      `${f.what} failed; the clip file stays and is offered again`,
    );
  });
  /** A clip file stayed in the clips folder (intake could not take it now): offered again after the next hand-over that works. */
  private leftoversWaiting = false;
  private readonly held = new Set<string>();
  /** Plans whose segments are not yet a clip file, oldest first (the recording journal lists them). */
  private readonly waiting: ClipPlan[] = [];
  private readonly camera: string;
  private readonly clipDir: string;
  private readonly log: Logger;

  constructor(private readonly options: ClipHandoverOptions) {
    this.camera = options.camera;
    this.clipDir = options.clipDir;
    this.log = options.log;
  }

  /** Plans not yet assembled into a file. */
  unassembled(): readonly ClipPlan[] {
    return this.waiting;
  }

  /** Segment files waiting in the queue; housekeeping must not delete them. */
  isHeld(path: string): boolean {
    return this.held.has(path);
  }

  /** `cutShort`: footage recovered after a crash mid-recording. */
  enqueue(plan: ClipPlan, cutShort = false): void {
    for (const s of plan.segments) this.held.add(s.path);
    this.waiting.push(plan);
    this.queue.push(`hand-over of the clip from ${new Date(plan.startedAt).toISOString()}`, () => this.assembleAndHandOver(plan, cutShort));
  }

  /** Offers clips a previous run finished but could not hand over (intake down, crash). */
  enqueueLeftovers(): void {
    this.queue.push('offering leftover clips', async () => {
      const names = await readdir(this.clipDir).catch(() => [] as string[]);
      for (const name of names) {
        const times = parseClipName(name);
        if (times) await this.offer(join(this.clipDir, name), times.startedAt, times.endedAt, null);
        else if (name.endsWith('.part') || name.endsWith('.concat.txt')) await unlink(join(this.clipDir, name)).catch(() => undefined);
      }
    });
  }

  /** Resolves when every queued clip has been handed over (or failed). */
  drain(): Promise<void> {
    return this.queue.idle();
  }

  private async assembleAndHandOver(plan: ClipPlan, cutShort: boolean): Promise<void> {
    const out = join(this.clipDir, clipFileName(this.camera, plan.startedAt, plan.endedAt));
    const assembled = await assembleClip(this.options.tools, plan.segments, out);
    this.waiting.splice(this.waiting.indexOf(plan), 1);
    this.options.onAssembled();
    await this.release(plan.segments);
    if (!assembled.ok) {
      this.log.error({ event_type: 'rtsp.clip_failed', err: assembled.error, reason: plan.reason }, 'could not assemble the clip');
      this.options.onOutcome({ plan, clip: null, result: err(assembled.error) });
      return;
    }
    await this.offer(out, new Date(plan.startedAt), new Date(plan.endedAt), plan, cutShort);
  }

  private async offer(path: string, startedAt: Date, endedAt: Date, plan: ClipPlan | null, cutShort = false): Promise<void> {
    const clip: IncomingClip = {
      camera: this.camera,
      path,
      source: 'rtsp',
      originalName: basename(path),
      startedAt,
      endedAt,
      consume: true,
      ...(plan?.eventId ? { eventId: plan.eventId } : {}),
      ...(cutShort ? { cutShort } : {}),
    };
    const result = await this.options.intake.accept(clip);
    const fields = {
      event_type: 'rtsp.clip_handed_over',
      started_at: startedAt.toISOString(),
      duration_s: (endedAt.getTime() - startedAt.getTime()) / 1000,
      reason: plan?.reason ?? 'leftover',
      cut_short: cutShort,
    };
    if (result.ok) this.log.info({ ...fields, clip_id: result.value.id }, 'clip handed over');
    else
      this.log.warn(
        { ...fields, event_type: 'rtsp.clip_handover_failed', err: result.error },
        'intake refused the clip; it is offered again after the next clip intake takes, or at the next start',
      );
    // Intake works again (space is back, the store answers): what it could not take before goes now.
    if (result.ok && this.leftoversWaiting) {
      this.leftoversWaiting = false;
      this.enqueueLeftovers();
    } else if (!result.ok && !(result.error instanceof InputError)) this.leftoversWaiting = true;
    this.options.onOutcome({ plan, clip, result });
  }

  private async release(segments: readonly Segment[]): Promise<void> {
    for (const s of segments) {
      this.held.delete(s.path);
      await unlink(s.path).catch(() => undefined);
    }
  }
}

/** `<camera>_<start>_<end>.mp4` with compact UTC times, readable and parseable back. */
export function clipFileName(camera: string, startedAt: number, endedAt: number): string {
  return `${camera}_${compactTime(startedAt)}_${compactTime(endedAt)}.mp4`;
}

function compactTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('.', '_');
}

const CLIP_NAME = /_(\d{8}T\d{6}_\d{3}Z)_(\d{8}T\d{6}_\d{3}Z)\.mp4$/;

export function parseClipName(name: string): { startedAt: Date; endedAt: Date } | null {
  const m = CLIP_NAME.exec(name);
  if (!m?.[1] || !m[2]) return null;
  const startedAt = parseCompact(m[1]);
  const endedAt = parseCompact(m[2]);
  return startedAt && endedAt ? { startedAt, endedAt } : null;
}

function parseCompact(text: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})_(\d{3})Z$/.exec(text);
  if (!m) return null;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}
