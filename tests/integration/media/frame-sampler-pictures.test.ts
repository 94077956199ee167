import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jpegSize } from '../../../server/src/detect/live-scan.js';
import { sampleFrames, type PictureOutput } from '../../../server/src/media/frame-sampler.js';
import { requireFfmpeg, tempDir } from '../detect/detect-harness.js';
import { fixture } from '../../support/paths.js';

/** A picture request that remembers what the sampler told it. */
function pictureProbe(dir: string, maxPx: number) {
  let control: { resume(): void; cancel(): void } | null = null;
  let report: (complete: boolean) => void = () => undefined;
  const finished = new Promise<boolean>((resolve) => (report = resolve));
  const output: PictureOutput = {
    dir,
    maxPx,
    quality: 5,
    paused: (c) => (control = c),
    finished: (complete) => report(complete),
  };
  return { output, finished, control: () => control };
}

const jpegs = (dir: string) => readdirSync(dir).filter((name) => /^\d+\.jpg$/.test(name));

/** The number of pictures once it has not changed for a second (a decode left running would finish all 27). */
async function steadyCount(dir: string): Promise<number> {
  let last = -1;
  let sameFor = 0;
  for (let waited = 0; waited < 10_000 && sameFor < 1000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = jpegs(dir).length;
    sameFor = now === last ? sameFor + 100 : 0;
    last = now;
  }
  return last;
}
// Model frames of a real detector's size (416x416): each is bigger than a pipe's buffer, so an unread one blocks ffmpeg.
const sampling = { fps: 2, sizeFilter: 'scale=416:416', width: 416, height: 416, pixelFormat: 'rgb24', maxFrames: 300 } as const;

describe('one ffmpeg decode makes the model frames and the vision model pictures', () => {
  const dirs: { remove: () => void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  /** ffmpeg, a scratch folder, and a picture request (at most 320 px) into it; `sample` reads `input` (pedestrians.mp4 by default). */
  function sampler() {
    const tools = requireFfmpeg();
    const dir = tempDir('pictures');
    dirs.push(dir);
    const probe = pictureProbe(dir.path, 320);
    const sample = (input = fixture('pedestrians.mp4')) => sampleFrames(tools, input, { ...sampling, pictures: probe.output });
    return { dir: dir.path, probe, sample };
  }

  it('writes a JPEG per sampled frame, at most maxPx on its longest side, when the whole clip is read', async () => {
    // Given pedestrians.mp4 (1280x720, 13.6 s) sampled at 2 fps with pictures of at most 320 px
    const { dir, probe, sample } = sampler();
    // When every model frame is read
    let frames = 0;
    for await (const frame of sample()) {
      expect(frame.data.length).toBe(416 * 416 * 3);
      frames++;
    }
    // Then the decode reports complete pictures, one per model frame, named by frame index, 320x180
    expect(await probe.finished).toBe(true);
    expect(probe.control()).toBeNull();
    const names = jpegs(dir);
    expect(names).toHaveLength(frames);
    expect(frames).toBeGreaterThanOrEqual(27);
    expect(names.map((n) => Number(n.split('.')[0])).sort((a, b) => a - b)).toEqual([...Array(frames).keys()]);
    expect(jpegSize(readFileSync(join(dir, '0.jpg')))).toEqual({ width: 320, height: 180 });
  });

  it('after an early stop waits without decoding, then finishes every picture on resume', async () => {
    // Given the same clip, and a reader that stops after two frames (the detector confirmed a person)
    const { dir, probe, sample } = sampler();
    let read = 0;
    for await (const _frame of sample()) {
      if (++read === 2) break;
    }
    // Then the sampler hands over control and the decode stops short of the clip's end (blocked on its pipe)
    expect(probe.control()).not.toBeNull();
    const waiting = await steadyCount(dir);
    expect(waiting).toBeLessThan(27);
    // When the pictures are wanted
    probe.control()?.resume();
    // Then every picture of the clip is written and the decode reports complete
    expect(await probe.finished).toBe(true);
    expect(jpegs(dir).length).toBeGreaterThanOrEqual(27);
  });

  it('after an early stop, cancel ends the decode and reports the pictures incomplete', async () => {
    // Given a reader that stops after the first frame
    const { dir, probe, sample } = sampler();
    for await (const _frame of sample()) break;
    // When the pictures are not wanted after all
    probe.control()?.cancel();
    // Then the decode ends, reported incomplete, with only the first pictures written
    expect(await probe.finished).toBe(false);
    expect(jpegs(dir).length).toBeLessThan(27);
  });

  it('reports no pictures when the input cannot be decoded', async () => {
    // Given a file that is not media
    const { dir, probe, sample } = sampler();
    const notMedia = join(dir, 'notes.mp4');
    writeFileSync(notMedia, 'these are not the frames you are looking for\n');
    // When it is sampled, Then sampling fails and the pictures are reported incomplete
    const reading = (async () => {
      for await (const _frame of sample(notMedia)) break;
    })();
    await expect(reading).rejects.toThrow(/could not decode/);
    expect(await probe.finished).toBe(false);
  });
});
