import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Logger } from '../../../core/logger.js';
import type { Segment } from '../segment.js';
import type { ClipPlan } from './clip-planner.js';
import type { RecordingJournal, UnassembledFootage } from './recording-journal.js';

export interface FootageRecoveryOptions {
  readonly journal: RecordingJournal;
  /** The buffer a killed run was writing (emptied after recovery). */
  readonly segmentDir: string;
  /** Where recovered segments wait for assembly (outside the buffer, which the new run starts afresh). */
  readonly recoveredDir: string;
  /** The buffer's segment length: a segment cut off mid-write ends by its modification time. */
  readonly segmentMs: number;
  readonly log: Logger;
}

/**
 * After a crash (SIGKILL, out-of-memory kill) the buffer still holds the footage of the clip being
 * recorded and of clips waiting for assembly; the journal says which segments. They move out of the
 * buffer and come back as plans to assemble, each ending where the recorder was killed.
 */
export async function recoverFootage(options: FootageRecoveryOptions): Promise<ClipPlan[]> {
  const { journal, segmentDir, recoveredDir, log } = options;
  const entry = await journal.read();
  const listed = new Set(entry?.footage.flatMap((f) => f.segments.map((s) => s.path)) ?? []);
  await mkdir(recoveredDir, { recursive: true });
  // Recovered files no journal names any more were assembled already (or belong to nothing).
  for (const name of await readdir(recoveredDir).catch(() => [] as string[])) {
    const path = join(recoveredDir, name);
    if (!listed.has(path)) await rm(path, { force: true });
  }
  if (!entry) return [];
  const plans: ClipPlan[] = [];
  for (const footage of entry.footage) {
    const segments = await presentSegments(footage.segments);
    if (footage.open) segments.push(...(await unlistedTail(segmentDir, listed, segments.at(-1)?.endedAt ?? null, options.segmentMs)));
    const moved: Segment[] = [];
    for (const s of segments) {
      const target = s.path.startsWith(recoveredDir) ? s.path : join(recoveredDir, basename(s.path));
      if (target !== s.path) await rename(s.path, target);
      moved.push({ ...s, path: target });
    }
    const first = moved[0];
    const last = moved.at(-1);
    if (!first || !last) continue;
    plans.push({
      segments: moved,
      startedAt: first.startedAt,
      endedAt: last.endedAt,
      reason: 'interrupted',
      firstMotionAt: null,
      eventId: footage.eventId,
    });
  }
  // The footage now lives in the recovered folder; the journal says so until it is assembled.
  journal.record(plans.map((p): UnassembledFootage => ({ eventId: p.eventId, segments: [...p.segments], open: false })));
  await journal.settled();
  if (plans.length > 0)
    log.warn(
      {
        event_type: 'rtsp.footage_recovered',
        clips: plans.length,
        segments: plans.reduce((n, p) => n + p.segments.length, 0),
        event_ids: plans.map((p) => p.eventId),
      },
      'HomeSec was stopped mid-recording: the footage recorded until then becomes clips, marked as cut short',
    );
  return plans;
}

async function presentSegments(segments: readonly Segment[]): Promise<Segment[]> {
  const present: Segment[] = [];
  for (const s of segments) if ((await stat(s.path).catch(() => null))?.isFile()) present.push({ ...s });
  return present;
}

/** Segments the recorder was still writing when it was killed: not listed yet, newer than the last listed one, oldest first. */
async function unlistedTail(segmentDir: string, listed: ReadonlySet<string>, after: number | null, segmentMs: number): Promise<Segment[]> {
  const files: { path: string; mtimeMs: number }[] = [];
  for (const name of await readdir(segmentDir).catch(() => [] as string[])) {
    const path = join(segmentDir, name);
    if (!name.endsWith('.ts') || listed.has(path)) continue;
    const info = await stat(path).catch(() => null);
    if (!info?.isFile() || info.size === 0 || (after !== null && info.mtimeMs <= after)) continue;
    files.push({ path, mtimeMs: info.mtimeMs });
  }
  files.sort((a, b) => a.mtimeMs - b.mtimeMs);
  const tail: Segment[] = [];
  let startedAt = after;
  for (const file of files) {
    const start = startedAt ?? file.mtimeMs - segmentMs;
    tail.push({ path: file.path, startedAt: start, endedAt: Math.max(start, file.mtimeMs) });
    startedAt = Math.max(start, file.mtimeMs);
  }
  return tail;
}
