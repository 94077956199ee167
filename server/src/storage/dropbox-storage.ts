import { open, stat } from 'node:fs/promises';
import type { DropboxConfig } from '../config/sections/offsite-config.js';
import type { HealthCheck } from '../core/bus-signals.js';
import type { Failure } from '../core/failure.js';
import type { OffsiteStorage } from '../core/offsite-storage.js';
import { err, ok, type Result } from '../core/result.js';
import type { Logger } from '../core/logger.js';
import { DeleteReplySchema, FileMetadataSchema, MetadataReplySchema, UploadSessionStartSchema } from './dropbox-api-schemas.js';
import { DEFAULT_RETRY, DROPBOX_ENDPOINTS, DropboxClient, type DropboxEndpoints, type RetryPolicy } from './dropbox-client.js';
import { dropboxContentHash } from './dropbox-content-hash.js';
import { dropboxFailure, type DropboxFailure } from './dropbox-failure.js';
import { DropboxTokens } from './dropbox-tokens.js';

export interface DropboxStorageOptions {
  readonly config: DropboxConfig;
  readonly log: Logger;
  /** Base URLs; tests point them at a local fake. */
  readonly endpoints?: DropboxEndpoints;
  /** Overrides config.chunk_mb (tests use small chunks). */
  readonly chunkBytes?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Per request; an upload request gets this much time per chunk. */
  readonly timeoutMs?: number;
}

type PutResult = Result<{ readonly path: string }, Failure>;

const MAX_OFFSET_CORRECTIONS = 3;

/**
 * The Dropbox off-site copy. put() is idempotent: when Dropbox already holds a file with the same
 * content_hash it succeeds without uploading, so a clip retried after a crash is never sent twice.
 * Small files go up in one request, larger ones in an upload session. Failures are values; the
 * pipeline records them and retries later, alerting never waits on Dropbox.
 */
export class DropboxStorage implements OffsiteStorage {
  readonly name = 'offsite';
  readonly backend = 'dropbox';
  private readonly client: DropboxClient;
  private readonly chunkBytes: number;
  private readonly timeoutMs: number;
  private readonly root: string;
  private readonly lifetime = new AbortController();
  private check: HealthCheck = { status: 'healthy', message: 'no upload yet' };

  constructor(private readonly options: DropboxStorageOptions) {
    const endpoints = options.endpoints ?? DROPBOX_ENDPOINTS;
    const c = options.config;
    this.timeoutMs = options.timeoutMs ?? 120_000;
    const tokens = new DropboxTokens(
      { appKey: c.appKey, appSecret: c.appSecret, refreshToken: c.refreshToken, accessToken: c.accessToken },
      endpoints.api,
      this.timeoutMs,
      options.log,
    );
    this.client = new DropboxClient(endpoints, tokens, { ...DEFAULT_RETRY, ...options.retry }, options.log);
    this.chunkBytes = options.chunkBytes ?? c.chunkMb * 1024 * 1024;
    this.root = c.root.replace(/\/+$/, '');
  }

  /** Nothing to connect: credentials are checked by the first upload (a bad key must not stop recording). */
  async start(): Promise<void> {}

  /** Aborts uploads in progress; they fail retryable and are retried after the next start. */
  async stop(): Promise<void> {
    this.lifetime.abort();
  }

  health(): HealthCheck {
    return this.check;
  }

  async put(localPath: string, remotePath: string, signal: AbortSignal): Promise<PutResult> {
    const path = this.dropboxPath(remotePath);
    if (!path.ok) return this.failed(path.error, remotePath);
    const combined = AbortSignal.any([signal, this.lifetime.signal]);
    let local: { hash: string; size: number };
    try {
      local = { hash: await dropboxContentHash(localPath, combined), size: (await stat(localPath)).size };
    } catch (e) {
      return this.failed(dropboxFailure(`cannot read the local clip: ${(e as Error).message}`, combined.aborted), remotePath);
    }
    const existing = await this.remoteHash(path.value, combined);
    if (!existing.ok) return this.failed(existing.error, remotePath);
    if (existing.value === local.hash) {
      this.options.log.debug({ event_type: 'dropbox.already_uploaded', path: path.value }, 'identical copy already in Dropbox');
      return this.succeeded(path.value);
    }
    const uploaded =
      local.size <= this.chunkBytes
        ? await this.uploadSmall(localPath, path.value, combined)
        : await this.uploadSession(localPath, local.size, path.value, combined);
    if (!uploaded.ok) return this.failed(uploaded.error, remotePath);
    if (uploaded.value !== local.hash)
      return this.failed(dropboxFailure('the copy in Dropbox differs from the local clip (content hash mismatch)', true), remotePath);
    this.options.log.info({ event_type: 'dropbox.uploaded', path: path.value, bytes: local.size }, `clip copied to Dropbox ${path.value}`);
    return this.succeeded(path.value);
  }

  async remove(remotePath: string, signal: AbortSignal): Promise<Result<void, Failure>> {
    const path = this.dropboxPath(remotePath);
    if (!path.ok) return this.failed(path.error, remotePath);
    const reply = await this.client.call(
      { host: 'api', endpoint: '/2/files/delete_v2', arg: { path: path.value }, timeoutMs: this.timeoutMs },
      AbortSignal.any([signal, this.lifetime.signal]),
    );
    if (!reply.ok && !isNotFound(reply.error)) return this.failed(reply.error, remotePath);
    if (reply.ok && !DeleteReplySchema.safeParse(reply.value).success)
      return this.failed(dropboxFailure('Dropbox delete reply was not understood', true), remotePath);
    this.healthy();
    return ok(undefined);
  }

  /** content_hash of the file at `path`, or null when there is none. */
  private async remoteHash(path: string, signal: AbortSignal): Promise<Result<string | null, DropboxFailure>> {
    const reply = await this.client.call(
      { host: 'api', endpoint: '/2/files/get_metadata', arg: { path }, timeoutMs: this.timeoutMs },
      signal,
    );
    if (!reply.ok) return isNotFound(reply.error) ? ok(null) : reply;
    const parsed = MetadataReplySchema.safeParse(reply.value);
    if (!parsed.success) return err(dropboxFailure('Dropbox metadata reply was not understood', true));
    return ok(parsed.data['.tag'] === 'file' ? (parsed.data.content_hash ?? null) : null);
  }

  private async uploadSmall(localPath: string, path: string, signal: AbortSignal): Promise<Result<string | null, DropboxFailure>> {
    const handle = await open(localPath, 'r');
    try {
      const bytes = await handle.readFile();
      const reply = await this.client.call(
        { host: 'content', endpoint: '/2/files/upload', arg: commitInfo(path), body: bytes, timeoutMs: this.timeoutMs },
        signal,
      );
      return reply.ok ? uploadedHash(reply.value) : reply;
    } finally {
      await handle.close();
    }
  }

  /** start, append_v2 ... finish; an offset Dropbox reports as wrong (a lost reply) is corrected and continued. */
  private async uploadSession(
    localPath: string,
    size: number,
    path: string,
    signal: AbortSignal,
  ): Promise<Result<string | null, DropboxFailure>> {
    const handle = await open(localPath, 'r');
    try {
      const read = async (offset: number, length: number) => {
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, offset);
        return buffer.subarray(0, bytesRead);
      };
      const first = await read(0, this.chunkBytes);
      const started = await this.client.call(
        { host: 'content', endpoint: '/2/files/upload_session/start', arg: { close: false }, body: first, timeoutMs: this.timeoutMs },
        signal,
      );
      if (!started.ok) return started;
      const session = UploadSessionStartSchema.safeParse(started.value);
      if (!session.success) return err(dropboxFailure('Dropbox upload session reply was not understood', true));
      let offset = first.length;
      let corrections = 0;
      for (;;) {
        const last = size - offset <= this.chunkBytes;
        const chunk = await read(offset, Math.min(this.chunkBytes, size - offset));
        const cursor = { session_id: session.data.session_id, offset };
        const reply = last
          ? await this.client.call(
              {
                host: 'content',
                endpoint: '/2/files/upload_session/finish',
                arg: { cursor, commit: commitInfo(path) },
                body: chunk,
                timeoutMs: this.timeoutMs,
              },
              signal,
            )
          : await this.client.call(
              {
                host: 'content',
                endpoint: '/2/files/upload_session/append_v2',
                arg: { cursor, close: false },
                body: chunk,
                timeoutMs: this.timeoutMs,
              },
              signal,
            );
        if (!reply.ok) {
          if (reply.error.correctOffset === null || ++corrections > MAX_OFFSET_CORRECTIONS) return reply;
          offset = reply.error.correctOffset;
          continue;
        }
        if (last) return uploadedHash(reply.value);
        offset += chunk.length;
      }
    } finally {
      await handle.close();
    }
  }

  /** `<root>/<remotePath>`; refuses paths that would climb out of the root. */
  private dropboxPath(remotePath: string): Result<string, DropboxFailure> {
    const segments = remotePath
      .replace(/\\/g, '/')
      .split('/')
      .filter((s) => s !== '' && s !== '.');
    if (segments.length === 0 || segments.includes('..')) return err(dropboxFailure(`bad remote path "${remotePath}"`, false));
    return ok(`${this.root}/${segments.join('/')}`);
  }

  private succeeded(path: string): PutResult {
    this.healthy();
    return ok({ path });
  }

  private failed(failure: DropboxFailure, remotePath: string): Err {
    const status = failure.retryable ? 'degraded' : 'unhealthy';
    this.options.log.warn(
      { event_type: 'dropbox.failed', path: remotePath, retryable: failure.retryable, status: failure.status, reason: failure.reason },
      `Dropbox: ${failure.reason}`,
    );
    this.setHealth({ status, message: failure.reason });
    return err(failure);
  }

  private healthy(): void {
    this.setHealth({ status: 'healthy', message: 'last call succeeded' });
  }

  /** Logs only when the state changes, not on every clip. */
  private setHealth(next: HealthCheck): void {
    const changed = next.status !== this.check.status;
    this.check = next;
    if (!changed) return;
    const fields = { event_type: 'dropbox.health_changed', status: next.status, reason: next.message };
    if (next.status === 'healthy') this.options.log.info(fields, 'Dropbox copies work again');
    else this.options.log.warn(fields, `Dropbox copies ${next.status}: ${next.message}`);
  }
}

type Err = { readonly ok: false; readonly error: Failure };

function commitInfo(path: string): Record<string, unknown> {
  return { path, mode: 'overwrite', autorename: false, mute: true, strict_conflict: false };
}

function uploadedHash(reply: unknown): Result<string | null, DropboxFailure> {
  const parsed = FileMetadataSchema.safeParse(reply);
  return parsed.success ? ok(parsed.data.content_hash ?? null) : err(dropboxFailure('Dropbox upload reply was not understood', true));
}

function isNotFound(failure: DropboxFailure): boolean {
  return failure.status === 409 && failure.summary !== null && /(^|\/)not_found(\/|$)/.test(failure.summary);
}
