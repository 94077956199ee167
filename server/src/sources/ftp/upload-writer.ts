import type { FileHandle } from 'node:fs/promises';
import { open, unlink } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { publishUpload, uploadingPathFor } from './upload-names.js';

/** How one STOR ended. `stored` means every byte arrived and the data connection closed normally. */
export type UploadOutcome =
  | { readonly kind: 'stored'; readonly workPath: string; readonly path: string; readonly bytes: number; readonly startedAt: Date }
  | { readonly kind: 'failed'; readonly workPath: string; readonly reason: string; readonly bytes: number; readonly refused: boolean };

export interface UploadWriterOptions {
  /** Server path of the name the camera asked for. */
  readonly finalPath: string;
  readonly maxBytes: number;
  /** A transfer that sends nothing for this long is cut off (a camera that lost power mid-upload). */
  readonly idleTimeoutMs: number;
  readonly onOutcome: (outcome: UploadOutcome) => void;
}

/** The reply text the camera sees after `550`. */
export class UploadRefusedError extends Error {
  override readonly name = 'UploadRefusedError';
}

/**
 * The stream ftp-srv pipes an upload into. Bytes go to a hidden work file that only gets its real
 * name once the transfer ended cleanly, so a half-finished upload can never become a clip; on any
 * error (limit, stall, reset connection) the work file is deleted.
 */
export class UploadWriter extends Writable {
  /** ftp-srv reads `path` for its STOR event. */
  readonly path: string;
  private handle: FileHandle | null = null;
  private bytes = 0;
  private readonly startedAt = new Date();
  private idleTimer: NodeJS.Timeout | null = null;
  private reported = false;

  constructor(private readonly options: UploadWriterOptions) {
    super();
    this.path = uploadingPathFor(options.finalPath);
    // ftp-srv signals the end of the data connection by emitting 'close' on the stream (as its own
    // file system does); ending here turns that into a normal finish.
    this.once('close', () => {
      if (!this.writableEnded && !this.destroyed) this.end();
    });
    this.armIdleTimer();
  }

  override _construct(callback: (error?: Error | null) => void): void {
    open(this.path, 'wx').then(
      (handle) => {
        this.handle = handle;
        callback();
      },
      (e: unknown) => callback(new UploadRefusedError('cannot store the file here', { cause: e })),
    );
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.armIdleTimer();
    this.bytes += chunk.length;
    if (this.bytes > this.options.maxBytes) {
      callback(new UploadRefusedError(`upload larger than the ${formatMb(this.options.maxBytes)} MB limit`));
      return;
    }
    const handle = this.handle;
    if (!handle) {
      callback(new UploadRefusedError('file not open'));
      return;
    }
    handle.write(chunk).then(
      () => callback(),
      (e: unknown) => callback(new UploadRefusedError('cannot write the file (disk full?)', { cause: e })),
    );
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.clearIdleTimer();
    void this.finish().then(
      (path) => {
        callback();
        this.report({ kind: 'stored', workPath: this.path, path, bytes: this.bytes, startedAt: this.startedAt });
      },
      (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.clearIdleTimer();
    const handle = this.handle;
    this.handle = null;
    const cleanUp = async () => {
      await handle?.close().catch(() => undefined);
      if (!this.reported) {
        await unlink(this.path).catch(() => undefined);
        this.report({
          kind: 'failed',
          workPath: this.path,
          reason: failureReason(error),
          bytes: this.bytes,
          refused: error instanceof UploadRefusedError,
        });
      }
      callback(error);
    };
    // The stream machinery waits for the callback: a failure of the clean-up itself is passed on there.
    cleanUp().catch((e: unknown) => callback(e instanceof Error ? e : new Error(String(e))));
  }

  private async finish(): Promise<string> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
    if (this.bytes === 0) throw new UploadRefusedError('empty file (0 bytes) refused');
    return publishUpload(this.path, this.options.finalPath);
  }

  private report(outcome: UploadOutcome): void {
    if (this.reported) return;
    this.reported = true;
    this.options.onOutcome(outcome);
  }

  private armIdleTimer(): void {
    this.clearIdleTimer();
    this.idleTimer = setTimeout(
      () => this.destroy(new UploadRefusedError(`upload stalled: no data for ${Math.round(this.options.idleTimeoutMs / 100) / 10} s`)),
      this.options.idleTimeoutMs,
    );
    this.idleTimer.unref();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

function failureReason(error: Error | null): string {
  if (error instanceof UploadRefusedError) return error.message;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return `transfer aborted${code ? ` (${code})` : error ? ` (${error.message})` : ''}`;
}

function formatMb(bytes: number): string {
  return String(Math.round((bytes / (1024 * 1024)) * 100) / 100);
}
