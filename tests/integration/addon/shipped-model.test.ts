import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHIPPED_MODELS_DIR } from '../../../server/src/detect/builtin-models.js';
import { resolveModelFile } from '../../../server/src/detect/model-store.js';
import { fixture, REPO_DIR } from '../../support/paths.js';
import { startModelDownloadServer } from '../../support/servers/model-download-server.js';
import { makeDetector, recordingLogger, tempDir } from '../detect/detect-harness.js';

describe('the shipped default model', () => {
  const dirs: { remove: () => void }[] = [];
  const dir = (prefix: string) => {
    const d = tempDir(prefix);
    dirs.push(d);
    return d.path;
  };
  afterAll(() => dirs.forEach((d) => d.remove()));

  it('is what the default detector config uses: detects offline from the models/ folder, nothing cached or fetched', async () => {
    // Given an empty data dir and the default detector settings (model yolox_nano, no model_url)
    const data = dir('shipped');
    const { log, records } = recordingLogger();
    const detector = makeDetector({ labels: ['person', 'car'] }, data, { log });
    // When it starts and a photo arrives
    await detector.start(new AbortController().signal);
    const result = await detector.detectClip(fixture('pedestrians.jpg'), { snapshotPath: join(data, 'still-snapshot.jpg') });
    await detector.stop();
    // Then it found the people and the parked car (best score first) with the model in the project's models/ folder
    expect(result.ok && result.value.labels.map((l) => l.label)).toStrictEqual(['person', 'car']);
    expect(records.find((r) => r.event_type === 'detector.ready')).toMatchObject({ path: join(REPO_DIR, 'models', 'yolox_nano.onnx') });
    // And nothing was downloaded or copied into the data dir
    expect(records.map((r) => r.event_type)).not.toContain('detector.model_download_started');
    expect(existsSync(join(data, 'models'))).toBe(false);
  });

  it('still downloads a built-in model from model_url when one is set, checksum verified, into data_dir/models', async () => {
    // Given a mirror serving the model
    const server = await startModelDownloadServer({ kind: 'file', bytes: readFileSync(join(SHIPPED_MODELS_DIR, 'yolox_nano.onnx')) });
    const data = dir('mirror');
    try {
      // When the model is resolved with model_url
      const file = await resolveModelFile({ model: 'yolox_nano', modelUrl: server.url, dataDir: data }, recordingLogger().log);
      // Then it is the downloaded copy, not the shipped one
      expect(file.path).toBe(join(data, 'models', 'yolox_nano.onnx'));
      expect(server.requests()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('does not use a damaged shipped copy: it says so and goes to the download instead', async () => {
    // Given a models folder whose yolox_nano.onnx fails the checksum, and a cached good copy in the data dir
    const shipped = dir('damaged');
    const bytes = Buffer.from(readFileSync(join(SHIPPED_MODELS_DIR, 'yolox_nano.onnx')));
    writeFileSync(join(shipped, 'yolox_nano.onnx'), Buffer.concat([bytes, Buffer.from('x')]));
    const data = dir('cached');
    mkdirSync(join(data, 'models'));
    copyFileSync(join(SHIPPED_MODELS_DIR, 'yolox_nano.onnx'), join(data, 'models', 'yolox_nano.onnx'));
    const { log, records } = recordingLogger();
    // When the model is resolved
    const file = await resolveModelFile({ model: 'yolox_nano', dataDir: data, shippedDir: shipped }, log);
    // Then the damage is logged and the verified copy in the data dir is used (no network needed)
    expect(records.map((r) => r.event_type)).toContain('detector.model_damaged');
    expect(file.path).toBe(join(data, 'models', 'yolox_nano.onnx'));
  });
});
