import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClipQuery } from '../core/clip-query.js';
import type { ClipPage } from '../core/clip-store.js';
import type { Clip } from '../core/clip.js';
import type { DetectionResult } from '../core/detection.js';
import type { ObjectDetector } from '../core/object-detector.js';
import type { Logger } from '../core/logger.js';
import type { MediaFolder } from '../media/media-paths.js';
import type { CleanupCursor } from './cleanup-cursor.js';

export type CleanupVerdict = 'confirmed_empty' | 'found_objects' | 'missing_file' | 'error';
export type CleanupAction = 'none' | 'deleted' | 'requeued';

/** One JSON line per re-checked clip. */
export interface CleanupLine {
  readonly clip_id: string;
  readonly camera: string;
  readonly started_at: string;
  readonly verdict: CleanupVerdict;
  readonly labels: string[];
  readonly action: CleanupAction;
  readonly reason: string | null;
}

export interface CleanupSummary {
  readonly run_id: string;
  readonly apply: boolean;
  readonly resumed: boolean;
  /** False when the run stopped before the last page (the cursor is kept for the next run). */
  complete: boolean;
  scanned: number;
  candidates: number;
  confirmed_empty: number;
  found_objects: number;
  missing_file: number;
  error: number;
  deleted: number;
  requeued: number;
}

/** What `--apply` does to a clip; absent in a dry run. Failures are returned as a reason. */
export interface CleanupActions {
  /** Deletes the clip's files (off-site copy first) and records the deletion. */
  deleteClip(clip: Clip): Promise<string | null>;
  /** Stores the new detection (and its snapshot) and puts the clip back on the queue for analysis. */
  requeueClip(clip: Clip, detection: DetectionResult, snapshotFile: string): Promise<string | null>;
}

export interface CleanupOptions {
  readonly camera?: string | undefined;
  readonly olderThanDays?: number | undefined;
  /** Clips in detection at the same time. */
  readonly workers: number;
  readonly pageSize?: number;
  readonly runId: string;
  readonly clips: { listClips(query: ClipQuery): Promise<ClipPage> };
  readonly detector: ObjectDetector;
  readonly media: MediaFolder;
  readonly cursor: CleanupCursor;
  /** Null for a dry run. */
  readonly actions: CleanupActions | null;
  /** A scratch folder for the snapshots the detector writes. */
  readonly workDir: string;
  readonly report: (line: CleanupLine) => void;
  readonly log: Logger;
  readonly now?: () => Date;
}

const DAY_MS = 86_400_000;

/** Finished clips the detector found nothing in, or never looked at. */
export function isCleanupCandidate(clip: Clip): boolean {
  return clip.status === 'done' && (clip.detection === null || clip.detection.labels.length === 0);
}

/**
 * Re-checks "empty" clips with another detector, newest first, page by page. The keyset cursor is
 * saved after each page, so an interrupted run resumes where it stopped.
 */
export async function runCleanup(options: CleanupOptions, signal: AbortSignal): Promise<CleanupSummary> {
  const filters = { camera: options.camera ?? null, older_than_days: options.olderThanDays ?? null };
  let cursor = options.cursor.load(filters);
  const summary: CleanupSummary = {
    run_id: options.runId,
    apply: options.actions !== null,
    resumed: cursor !== null,
    complete: false,
    scanned: 0,
    candidates: 0,
    confirmed_empty: 0,
    found_objects: 0,
    missing_file: 0,
    error: 0,
    deleted: 0,
    requeued: 0,
  };
  const now = options.now?.() ?? new Date();
  const to = options.olderThanDays !== undefined ? new Date(now.getTime() - options.olderThanDays * DAY_MS).toISOString() : undefined;
  while (!signal.aborted) {
    const page = await options.clips.listClips({
      status: 'done',
      limit: options.pageSize ?? 100,
      ...(options.camera ? { camera: options.camera } : {}),
      ...(to ? { to } : {}),
      ...(cursor ? { cursor } : {}),
    });
    summary.scanned += page.clips.length;
    const candidates = page.clips.filter(isCleanupCandidate);
    summary.candidates += candidates.length;
    const pageDone = await forEachBounded(candidates, options.workers, signal, async (clip) => {
      const line = await checkClip(clip, options, signal);
      count(summary, line);
      options.report(line);
    });
    // A page counts once every candidate on it was checked; an interrupted page is checked again next time.
    if (!pageDone) break;
    if (!page.nextCursor) {
      options.cursor.clear();
      summary.complete = true;
      break;
    }
    cursor = page.nextCursor;
    options.cursor.save(filters, cursor);
  }
  return summary;
}

async function checkClip(clip: Clip, options: CleanupOptions, signal: AbortSignal): Promise<CleanupLine> {
  const base = { clip_id: clip.id, camera: clip.camera, started_at: clip.startedAt };
  const file = options.media.resolve(clip.mediaPath);
  if (!existsSync(file)) return { ...base, verdict: 'missing_file', labels: [], action: 'none', reason: `no file at ${clip.mediaPath}` };
  const snapshotFile = join(options.workDir, `${clip.id}.snapshot.jpg`);
  try {
    const result = await options.detector.detectClip(file, { snapshotPath: snapshotFile, signal });
    if (!result.ok) return { ...base, verdict: 'error', labels: [], action: 'none', reason: `detection failed: ${result.error.reason}` };
    const labels = result.value.labels.map((l) => l.label);
    const verdict: CleanupVerdict = labels.length === 0 ? 'confirmed_empty' : 'found_objects';
    const { actions } = options;
    if (!actions || signal.aborted) return { ...base, verdict, labels, action: 'none', reason: null };
    const problem =
      verdict === 'confirmed_empty' ? await actions.deleteClip(clip) : await actions.requeueClip(clip, result.value, snapshotFile);
    if (problem) {
      options.log.warn(
        { event_type: 'cleanup.action_failed', clip_id: clip.id, camera: clip.camera, verdict, problem },
        `cleanup could not act on clip ${clip.id}`,
      );
      return { ...base, verdict: 'error', labels, action: 'none', reason: problem };
    }
    return { ...base, verdict, labels, action: verdict === 'confirmed_empty' ? 'deleted' : 'requeued', reason: null };
  } catch (e) {
    return { ...base, verdict: 'error', labels: [], action: 'none', reason: (e as Error).message };
  } finally {
    await rm(snapshotFile, { force: true });
  }
}

function count(summary: CleanupSummary, line: CleanupLine): void {
  summary[line.verdict]++;
  if (line.action === 'deleted') summary.deleted++;
  if (line.action === 'requeued') summary.requeued++;
}

/** Runs `fn` over `items` with at most `limit` at a time; stops taking items once aborted. True when every item ran. */
async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal,
  fn: (item: T) => Promise<void>,
): Promise<boolean> {
  let next = 0;
  let finished = 0;
  const worker = async () => {
    for (let i = next++; i < items.length && !signal.aborted; i = next++) {
      const item = items[i];
      if (item !== undefined) await fn(item);
      // An item that ran into an abort may be half done: it does not count.
      if (!signal.aborted) finished++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return finished === items.length;
}
