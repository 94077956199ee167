import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Logger } from '../../../core/logger.js';
import { SerialQueue } from '../../../runtime/serial-queue.js';

const JournalSegmentSchema = z.object({ path: z.string().min(1), startedAt: z.number(), endedAt: z.number() });

/** Footage not yet assembled into a clip: the clip being recorded, or a finished one waiting for assembly. */
const UnassembledSchema = z.object({
  eventId: z.string().nullable(),
  segments: z.array(JournalSegmentSchema),
  /** True for the clip that was still being recorded: the segment being written then belongs to it too. */
  open: z.boolean(),
});
export type UnassembledFootage = z.infer<typeof UnassembledSchema>;

const JournalSchema = z.object({ version: z.literal(1), footage: z.array(UnassembledSchema) });
export type RecordingJournalEntry = z.infer<typeof JournalSchema>;

/**
 * What of the camera's buffer belongs to a clip, written beside the buffer every time that changes, so
 * that after a SIGKILL or an out-of-memory kill the next start can still make clips of it (P0: a crash
 * loses no recording). Replaced atomically (write, then rename); writes are coalesced, one at a time.
 */
export class RecordingJournal {
  /** One write at a time; a failed one (disk full, folder gone) is logged and counted, and the next change is still written. */
  readonly writes = new SerialQueue((f) =>
    this.log.error(
      { event_type: 'rtsp.journal_write_failed', path: this.path, failures: f.failures, err: f.error },
      'could not write the recording journal; the next change is written again',
    ),
  );
  private next: RecordingJournalEntry | null = null;
  private scheduled = false;

  constructor(
    private readonly path: string,
    private readonly log: Logger,
  ) {}

  /** The footage a previous run left, or null (none, or an unreadable file: said once in the log). */
  async read(): Promise<RecordingJournalEntry | null> {
    const text = await readFile(this.path, 'utf8').catch(() => null);
    if (text === null) return null;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    const parsed = JournalSchema.safeParse(json);
    if (parsed.success) return parsed.data;
    this.log.warn({ event_type: 'rtsp.journal_unreadable', path: this.path }, 'the recording journal is unreadable; its footage is lost');
    return null;
  }

  /** Records what the buffer holds for clips now; the latest call wins. */
  record(footage: readonly UnassembledFootage[]): void {
    this.next = { version: 1, footage: [...footage] };
    if (this.scheduled) return;
    this.scheduled = true;
    this.writes.push('recording journal write', () => this.flush());
  }

  /** Resolves when what was recorded so far is on disk. */
  settled(): Promise<void> {
    return this.writes.idle();
  }

  async clear(): Promise<void> {
    this.next = null;
    await this.writes.idle();
    await rm(this.path, { force: true });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const entry = this.next;
    if (!entry) return;
    if (entry.footage.length === 0) {
      await rm(this.path, { force: true });
      return;
    }
    const tmp = `${this.path}.tmp`;
    await writeFile(tmp, JSON.stringify(entry));
    await rename(tmp, this.path);
  }
}
