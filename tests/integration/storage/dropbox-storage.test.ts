import { parseConfigSection } from '../../../server/src/config/schema.js';
import { readFileSync, statSync, rmSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OffsiteConfigSchema } from '../../../server/src/config/sections/offsite-config.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { DropboxStorage } from '../../../server/src/storage/dropbox-storage.js';
import { fixture } from '../../support/paths.js';
import { startFakeDropbox, type FakeDropbox } from '../../support/servers/fake-dropbox-server.js';
import { makeTempDir } from '../../support/temp-dir.js';

const CLIP = fixture('pedestrians.mp4');
const REMOTE = 'front_door/2026-11-21/front_door_20261121_101500_abc123.mp4';
const FULL = `/homesec/${REMOTE}`;
const signal = () => new AbortController().signal;

describe('DropboxStorage against a local Dropbox API', () => {
  let fake: FakeDropbox;
  let logs: string[];

  beforeEach(async () => {
    fake = await startFakeDropbox();
    logs = [];
  });
  afterEach(async () => {
    await fake.close();
  });

  function storage(
    dropbox: Record<string, unknown> = {},
    extra: { chunkBytes?: number; retry?: Record<string, number> } = {},
  ): DropboxStorage {
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        logs.push(chunk.toString('utf8'));
        done();
      },
    });
    const config = parseConfigSection(OffsiteConfigSchema, {
      backend: 'dropbox',
      dropbox: { app_key: 'app-key', app_secret: 'app-secret', refresh_token: 'refresh-1', ...dropbox },
    }).dropbox;
    return new DropboxStorage({
      config,
      log: createLogger('debug', sink),
      endpoints: { api: fake.url, content: fake.url },
      retry: { baseDelayMs: 10, ...extra.retry },
      ...(extra.chunkBytes ? { chunkBytes: extra.chunkBytes } : {}),
    });
  }

  it('uploads a small clip in one request under <root>/<remote path>', async () => {
    // Given storage with the default 8 MiB chunk size (the clip is about 2.6 MB)
    const s = storage();

    // When a clip is put
    const result = await s.put(CLIP, REMOTE, signal());

    // Then it is in Dropbox byte for byte, sent with one files/upload in overwrite mode
    expect(result).toEqual({ ok: true, value: { path: FULL } });
    expect(fake.files.get(FULL.toLowerCase())?.bytes.equals(readFileSync(CLIP))).toBe(true);
    expect(fake.requestsTo('/2/files/upload')).toHaveLength(1);
    expect(fake.requestsTo('/2/files/upload')[0]?.arg).toMatchObject({ path: FULL, mode: 'overwrite' });
    expect(s.health().status).toBe('healthy');
  });

  it('uploads a larger clip in an upload session of chunks', async () => {
    // Given a chunk size of a third of the clip (its size depends on the footage made on this machine)
    const s = storage({}, { chunkBytes: Math.ceil(statSync(CLIP).size / 3) });

    // When the clip is put
    const result = await s.put(CLIP, REMOTE, signal());

    // Then it went up as start + append + finish and arrived whole
    expect(result.ok).toBe(true);
    expect(fake.requestsTo('/2/files/upload_session/start')).toHaveLength(1);
    expect(fake.requestsTo('/2/files/upload_session/append_v2')).toHaveLength(1);
    expect(fake.requestsTo('/2/files/upload_session/finish')).toHaveLength(1);
    expect(fake.requestsTo('/2/files/upload')).toHaveLength(0);
    expect(fake.files.get(FULL.toLowerCase())?.bytes.equals(readFileSync(CLIP))).toBe(true);
  });

  it('does not upload again when the same clip is already there', async () => {
    // Given a clip already copied once
    const s = storage();
    await s.put(CLIP, REMOTE, signal());

    // When it is put again (a retry after a crash)
    const again = await s.put(CLIP, REMOTE, signal());

    // Then it succeeds from the metadata check alone: no second upload request
    expect(again).toEqual({ ok: true, value: { path: FULL } });
    expect(fake.requestsTo('/2/files/upload')).toHaveLength(1);
    expect(fake.requestsTo('/2/files/get_metadata')).toHaveLength(2);
  });

  it('replaces a different file at the same path', async () => {
    // Given another file at the path
    const s = storage();
    const tmp = makeTempDir();
    try {
      const other = join(tmp.path, 'other.mp4');
      writeFileSync(other, 'not the clip');
      await s.put(other, REMOTE, signal());

      // When the clip is put there
      const result = await s.put(CLIP, REMOTE, signal());

      // Then the clip replaced it
      expect(result.ok).toBe(true);
      expect(fake.files.get(FULL.toLowerCase())?.bytes.equals(readFileSync(CLIP))).toBe(true);
    } finally {
      tmp.remove();
    }
  });

  it('refreshes the access token once when Dropbox answers 401', async () => {
    // Given storage that already holds a token
    const s = storage();
    await s.put(fixture('empty_scene.mp4'), 'a/b/first.mp4', signal());
    expect(fake.requestsTo('/oauth2/token')).toHaveLength(1);

    // When the token expires before the next upload
    fake.expireTokens();
    const result = await s.put(CLIP, REMOTE, signal());

    // Then a new token is fetched with the refresh token and the upload succeeds with it
    expect(result.ok).toBe(true);
    const tokens = fake.requestsTo('/oauth2/token');
    expect(tokens).toHaveLength(2);
    expect(tokens[1]?.arg).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'refresh-1' });
    expect(new Set(fake.requests.filter((r) => r.endpoint.startsWith('/2/')).map((r) => r.authorization)).size).toBe(2);
  });

  it('waits as long as Retry-After says on 429, then succeeds', async () => {
    // Given Dropbox answers the upload with 429 and Retry-After: 1
    const s = storage();
    fake.script({
      endpoint: '/2/files/upload',
      status: 429,
      retryAfterS: 1,
      body: { error_summary: 'too_many_requests/', error: { reason: { '.tag': 'too_many_requests' }, retry_after: 1 } },
    });

    // When a clip is put
    const result = await s.put(CLIP, REMOTE, signal());

    // Then the second attempt came at least about a second later and succeeded
    expect(result.ok).toBe(true);
    const [first, second] = fake.requestsTo('/2/files/upload');
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it('retries 5xx with backoff, and gives up retryable after the attempts', async () => {
    // Given Dropbox fails the metadata call with 500 five times in a row (4 attempts per call)
    const s = storage();
    const failure = { endpoint: '/2/files/get_metadata', status: 500 };
    fake.script(failure, failure, failure, failure, failure);

    // When a clip is put
    const result = await s.put(CLIP, REMOTE, signal());

    // Then it failed retryable after 4 attempts, with the health degraded
    expect(result).toMatchObject({ ok: false, error: { retryable: true } });
    expect(fake.requestsTo('/2/files/get_metadata')).toHaveLength(4);
    expect(s.health().status).toBe('degraded');

    // And the next put (one scripted failure left) gets through
    expect((await s.put(CLIP, REMOTE, signal())).ok).toBe(true);
    expect(s.health().status).toBe('healthy');
  });

  it('does not sit out a very long Retry-After: fails retryable so the pipeline retries later', async () => {
    // Given Dropbox asks to wait 10 minutes
    const s = storage();
    fake.script({ endpoint: '/2/files/get_metadata', status: 429, retryAfterS: 600 });

    // When a clip is put
    const started = Date.now();
    const result = await s.put(CLIP, REMOTE, signal());

    // Then it returns at once with a retryable failure
    expect(result).toMatchObject({ ok: false, error: { retryable: true } });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('treats removing a missing file as success and removes an existing one', async () => {
    // Given one clip in Dropbox
    const s = storage();
    await s.put(CLIP, REMOTE, signal());

    // When it is removed, and a path that never existed is removed
    const removed = await s.remove(REMOTE, signal());
    const missing = await s.remove('front_door/2026-11-21/never.mp4', signal());

    // Then both succeed and the file is gone
    expect(removed).toEqual({ ok: true, value: undefined });
    expect(missing).toEqual({ ok: true, value: undefined });
    expect(fake.files.size).toBe(0);
  });

  it('fails not retryable with bad credentials, and keeps secrets out of the log', async () => {
    // Given a wrong refresh token
    const s = storage({ refresh_token: 'revoked-token-value' });

    // When a clip is put
    const result = await s.put(CLIP, REMOTE, signal());

    // Then it failed for good with Dropbox's reason, health is unhealthy, and no secret was logged
    expect(result).toMatchObject({ ok: false, error: { retryable: false } });
    expect(result.ok ? '' : result.error.reason).toContain('invalid_grant');
    expect(s.health().status).toBe('unhealthy');
    const text = logs.join('\n');
    for (const secret of ['revoked-token-value', 'app-secret']) expect(text).not.toContain(secret);
  });

  it('uses a plain access token without refreshing, and reports when Dropbox rejects it', async () => {
    // Given only a long-lived access token that Dropbox accepts
    await fake.close();
    fake = await startFakeDropbox({ accessTokens: ['long-lived-token'] });
    const s = storage({ refresh_token: '', app_key: '', app_secret: '', access_token: 'long-lived-token' });

    // When a clip is put, then the token is revoked and another is put
    const first = await s.put(CLIP, REMOTE, signal());
    fake.expireTokens();
    const second = await s.put(fixture('empty_scene.mp4'), 'x/y/z.mp4', signal());

    // Then the first worked with no token refresh, the second failed not retryable
    expect(first.ok).toBe(true);
    expect(fake.requestsTo('/oauth2/token')).toHaveLength(0);
    expect(second).toMatchObject({ ok: false, error: { retryable: false } });
    expect(logs.join('\n')).not.toContain('long-lived-token');
  });

  it('refuses remote paths that climb out of the root and fails retryable when aborted', async () => {
    // Given storage
    const s = storage();
    const aborted = new AbortController();
    aborted.abort();

    // When/Then
    expect(await s.put(CLIP, '../outside.mp4', signal())).toMatchObject({ ok: false, error: { retryable: false } });
    expect(await s.put(CLIP, REMOTE, aborted.signal)).toMatchObject({ ok: false, error: { retryable: true } });
    expect(fake.requestsTo('/2/files/upload')).toHaveLength(0);
  });

  it('reports an unreadable local file as not retryable', async () => {
    // Given a path that does not exist
    const tmp = makeTempDir();
    rmSync(tmp.path, { recursive: true });

    // When/Then
    expect(await storage().put(join(tmp.path, 'gone.mp4'), REMOTE, signal())).toMatchObject({ ok: false, error: { retryable: false } });
  });
});
