import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fixture, shippedModel } from '../../support/paths.js';
import { startModelDownloadServer, type ModelDownloadServer } from '../../support/servers/model-download-server.js';
import { makeDetector, recordingLogger, tempDir } from './detect-harness.js';

const MODEL_BYTES = readFileSync(shippedModel('yolox_nano.onnx'));

describe('built-in model download', () => {
  const dirs: { path: string; remove: () => void }[] = [];
  let server: ModelDownloadServer | null = null;
  const dataDir = () => {
    const dir = tempDir('model-dl');
    dirs.push(dir);
    return dir.path;
  };
  afterEach(async () => {
    await server?.close();
    server = null;
  });
  afterAll(() => dirs.forEach((d) => d.remove()));

  it('downloads yolox_nano into <data_dir>/models on first start, checks it, logs progress, and reuses it after', async () => {
    // Given a release server with the real model and an empty data dir
    server = await startModelDownloadServer({ kind: 'file', bytes: MODEL_BYTES });
    const data = dataDir();
    const { log, records } = recordingLogger();
    const detector = makeDetector({ model: 'yolox_nano', modelUrl: server.url }, data, { log });
    // When the detector starts
    await detector.start(new AbortController().signal);
    // Then the file is cached, progress was logged, the detector works
    expect(readFileSync(join(data, 'models', 'yolox_nano.onnx')).equals(MODEL_BYTES)).toBe(true);
    expect(readdirSync(join(data, 'models'))).toStrictEqual(['yolox_nano.onnx']);
    const events = records.map((r) => r.event_type);
    expect(events).toContain('detector.model_download_started');
    // (one line per quarter passed: the served chunks are eighths, so about 25, 50, 75)
    const progress = records.filter((r) => r.event_type === 'detector.model_download_progress').map((r) => Number(r.percent));
    expect(progress).toHaveLength(3);
    progress.forEach((percent, i) => expect(Math.floor(percent / 25)).toBe(i + 1));
    expect(events).toContain('detector.model_downloaded');
    expect(detector.health()).toMatchObject({ status: 'healthy', message: expect.stringContaining('yolox_nano') });
    const result = await detector.detectClip(fixture('pedestrians.jpg'), { snapshotPath: join(data, 'still.jpg') });
    expect(result.ok && result.value.model).toBe('yolox_nano');
    await detector.stop();
    // And a second start with the same data dir does not download again
    const again = makeDetector({ model: 'yolox_nano', modelUrl: server.url }, data);
    await again.start(new AbortController().signal);
    expect(server.requests()).toBe(1);
    expect(again.health().status).toBe('healthy');
    await again.stop();
  });

  it('refuses a download whose checksum does not match, keeps nothing, and reports degraded', async () => {
    // Given a server that serves the wrong bytes
    const tampered = Buffer.from(MODEL_BYTES);
    tampered[1000] = (tampered[1000] ?? 0) ^ 0xff;
    server = await startModelDownloadServer({ kind: 'file', bytes: tampered });
    const data = dataDir();
    const { log, records } = recordingLogger();
    const detector = makeDetector({ model: 'yolox_nano', modelUrl: server.url }, data, { log });
    // When the detector starts and a clip arrives
    await detector.start(new AbortController().signal);
    const result = await detector.detectClip(fixture('pedestrians.jpg'), { snapshotPath: join(data, 'still.jpg') });
    // Then one clear error names the checksum, no file is left behind, and the clip is answered `unavailable`
    expect(detector.health()).toMatchObject({ status: 'degraded', message: expect.stringContaining('checksum mismatch') });
    expect(records.filter((r) => r.level === 'error')).toHaveLength(1);
    expect(readdirSync(join(data, 'models'))).toStrictEqual([]);
    expect(result).toMatchObject({ ok: false, error: { kind: 'unavailable', retryable: true } });
    await detector.stop();
  });

  it('reports an unreachable release (offline) as degraded with one clear error', async () => {
    // Given a URL on which nothing listens any more
    const gone = await startModelDownloadServer({ kind: 'file', bytes: MODEL_BYTES });
    const url = gone.url;
    await gone.close();
    const data = dataDir();
    const { log, records } = recordingLogger();
    const detector = makeDetector({ model: 'yolox_nano', modelUrl: url }, data, { log });
    // When the detector starts
    await detector.start(new AbortController().signal);
    // Then it is degraded, says it could not download and what to do, and logged it once
    expect(detector.health()).toMatchObject({
      status: 'degraded',
      message: expect.stringContaining('cannot download model yolox_nano.onnx'),
    });
    expect(detector.health().message).toContain('ECONNREFUSED');
    expect(records.filter((r) => r.level === 'error')).toHaveLength(1);
    expect(existsSync(join(data, 'models', 'yolox_nano.onnx'))).toBe(false);
    await detector.stop();
  });

  it('tries again on a later clip once the release is reachable', async () => {
    // Given a release that first answers 503, and a detector that may retry at once
    server = await startModelDownloadServer({ kind: 'status', status: 503 });
    const data = dataDir();
    const detector = makeDetector({ model: 'yolox_nano', modelUrl: server.url, labels: ['person', 'car'] }, data, { retryAfterMs: 0 });
    await detector.start(new AbortController().signal);
    expect(detector.health()).toMatchObject({ status: 'degraded', message: expect.stringContaining('HTTP 503') });
    // When the release comes back and the next clip arrives
    server.setReply({ kind: 'file', bytes: MODEL_BYTES });
    const result = await detector.detectClip(fixture('pedestrians.jpg'), { snapshotPath: join(data, 'still.jpg') });
    // Then the model is fetched and the clip is detected
    expect(result.ok && result.value.labels.map((l) => l.label)).toStrictEqual(['person', 'car']);
    expect(detector.health().status).toBe('healthy');
    await detector.stop();
  });
});
