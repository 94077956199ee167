import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, REPO_DIR, shippedModel } from '../../support/paths.js';
import { tempDir } from './detect-harness.js';

const CLI = join(REPO_DIR, 'server', 'bin', 'homesec.js');

function homesec(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_DIR, env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const FrameSchema = { t: expect.any(Number), detections: expect.any(Array) };

describe('homesec detect', () => {
  const dir = tempDir('detect-cli');
  afterAll(() => dir.remove());

  it('finds at least three persons and the parked car in pedestrians.jpg, boxes inside the picture', async () => {
    // Given the real model and the 768x576 still of people walking across a square (OpenCV's vtest.avi)
    // When `homesec detect --model ... --json pedestrians.jpg` runs
    const run = await homesec(['detect', '--model', shippedModel('yolox_nano.onnx'), '--json', fixture('pedestrians.jpg')]);
    // Then it exits 0 with one JSON object for the input
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      input: string;
      ms: number;
      frames: { t: number; detections: { label: string; score: number; box: number[] }[] }[];
      objects: { label: string; moving: number; stationary: number }[];
    };
    expect(report).toMatchObject({ input: fixture('pedestrians.jpg'), ms: expect.any(Number), frames: [FrameSchema] });
    const detections = report.frames[0]?.detections ?? [];
    expect(detections.filter((d) => d.label === 'person').length).toBeGreaterThanOrEqual(3);
    expect(detections.some((d) => d.label === 'car')).toBe(true);
    // And the objects are counted as the service counts them for an event
    expect(report.objects.find((o) => o.label === 'person')?.moving).toBe(detections.filter((d) => d.label === 'person').length);
    for (const { box } of detections) {
      const [x1 = -1, y1 = -1, x2 = -1, y2 = -1] = box;
      expect(x1).toBeGreaterThanOrEqual(0);
      expect(y1).toBeGreaterThanOrEqual(0);
      expect(x2).toBeLessThanOrEqual(768);
      expect(y2).toBeLessThanOrEqual(576);
      expect(x2).toBeGreaterThan(x1);
      expect(y2).toBeGreaterThan(y1);
    }
  });

  it('reports every sampled frame of a video', async () => {
    // Given the empty scene clip (8 s) sampled at 1 fps
    // When it is detected
    const run = await homesec(['detect', '--model', shippedModel('yolox_nano.onnx'), '--json', '--fps', '1', fixture('empty_scene.mp4')]);
    // Then there are 8 frames, one second apart, all empty
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { frames: { t: number; detections: unknown[] }[] };
    expect(report.frames.map((f) => f.t)).toStrictEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(report.frames.every((f) => f.detections.length === 0)).toBe(true);
  });

  it('exits non-zero with a clear message for a missing file and a non-media file', async () => {
    // Given a text file and a path that does not exist
    const text = join(dir.path, 'notes.txt');
    writeFileSync(text, 'hello\n');
    const missing = join(dir.path, 'missing.jpg');
    // When both are passed along with a good picture
    const run = await homesec(['detect', '--model', shippedModel('yolox_nano.onnx'), '--json', missing, text, fixture('pedestrians.jpg')]);
    // Then the good one is still reported, each bad one gets a line on stderr, and the exit code is 1
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${missing}: no such file`);
    expect(run.stderr).toContain(`${text}: not a readable media file`);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('exits non-zero with a clear message for a bad model', async () => {
    // Given a file that is not an ONNX model
    const model = join(dir.path, 'bad.onnx');
    writeFileSync(model, 'garbage');
    // When it is used
    const run = await homesec(['detect', '--model', model, fixture('pedestrians.jpg')]);
    // Then the command says the model cannot be loaded
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^homesec detect: cannot load model .*bad\.onnx/);
  });
});
