import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, REPO_DIR, shippedModel } from '../../support/paths.js';
import { makeTempDir } from '../../support/temp-dir.js';

const CLI = join(REPO_DIR, 'server', 'bin', 'homesec.js');

describe('homesec process', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
    writeFileSync(
      join(dir.path, 'config.yaml'),
      stringify({
        data_dir: './data',
        log_level: 'warn',
        cameras: [{ name: 'porch', source: 'folder' }],
        detector: { model: shippedModel('yolox_nano.onnx') },
      }),
    );
  });
  afterEach(() => dir.remove());

  const run = (...files: string[]) =>
    spawnSync(process.execPath, [CLI, 'process', '--config', join(dir.path, 'config.yaml'), '--camera', 'porch', ...files], {
      encoding: 'utf8',
      timeout: 120_000,
    });

  it('runs each file through the pipeline and prints one JSON line per clip', () => {
    // Given a clip with people and one without
    // When both are processed
    const result = run(fixture('pedestrians.mp4'), fixture('empty_scene.mp4'));
    // Then it exits 0 with a done clip per file, persons only in the first, stages with their timings
    expect(result.status).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    const [people, empty] = lines;
    // (no VLM configured: the person alerts on the detector alone, and the reason says so; the tiles
    // of the first frame also see the square's parked cars, so person need not be the only label)
    expect(people).toMatchObject({
      camera: 'porch',
      status: 'done',
      labels: expect.arrayContaining(['person']),
      alerted: true,
      reason: 'trigger_label_vlm_skipped',
      risk_level: null,
    });
    // And it says the alert reached nobody, on the clip's line and on stderr (process sends no MQTT or HA alerts)
    expect(people).toMatchObject({ notified: false, not_notified_reason: expect.stringMatching(/^no_notifiers/) });
    expect(empty).toMatchObject({ notified: false, not_notified_reason: null });
    expect(result.stderr).toContain(`${String(people?.clip_id)} alerted but nobody was notified: no_notifiers`);
    expect(empty).toMatchObject({ camera: 'porch', status: 'done', labels: [], alerted: false });
    expect(people?.stages).toMatchObject({ detect: { ok: true }, analyze: { ok: false, reason: 'analyzer_disabled' } });
    expect(typeof (people?.stages as { detect: { ms: number } }).detect.ms).toBe('number');
    expect(existsSync(String(people?.media_path))).toBe(true);
    // And the source files were copied, not moved
    expect(existsSync(fixture('pedestrians.mp4'))).toBe(true);
  });

  it('exits 1 when a file is not a usable clip, with the reason on its line', () => {
    // Given a text file posing as a clip
    const bad = join(dir.path, 'notes.mp4');
    writeFileSync(bad, 'not a video');
    // When processed with a good clip
    const result = run(fixture('empty_scene.mp4'), bad);
    // Then the good clip is done, the bad one is a failed clip with a reason, and the exit code says so
    expect(result.status).toBe(1);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ status: 'done' });
    expect(lines[1]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/not a readable media file/) });
    expect(lines[1]?.clip_id).toMatch(/^porch_/);
  });

  it('refuses an unknown camera with the configured names', () => {
    // Given the config; When a camera that does not exist is named; Then exit 2 lists the cameras
    const result = spawnSync(
      process.execPath,
      [CLI, 'process', '--config', join(dir.path, 'config.yaml'), '--camera', 'garage', fixture('empty_scene.mp4')],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no camera "garage" in the configuration (cameras: porch)');
  });
});
