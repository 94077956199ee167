import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseFrameTimes, readSampledFrames } from '../../../server/src/analyze/frame-selector.js';
import type { SampledPicture } from '../../../server/src/core/clip-analyzer.js';

describe('chooseFrameTimes', () => {
  it('spreads frames evenly over the clip', () => {
    // Given a 10 s clip and 4 frames, When chosen, Then the middles of 4 equal slices
    expect(chooseFrameTimes({ durationS: 10, maxFrames: 4, bestT: null })).toEqual([1.25, 3.75, 6.25, 8.75]);
  });

  it('always includes the best frame, replacing the nearest slot', () => {
    // Given a best frame at 4.4 s, When chosen, Then it replaces 3.75 and the order is kept
    expect(chooseFrameTimes({ durationS: 10, maxFrames: 4, bestT: 4.4 })).toEqual([1.25, 4.4, 6.25, 8.75]);
  });

  it('keeps offsets inside the clip', () => {
    // Given a best frame past the end, When chosen, Then it is clamped before the end
    const times = chooseFrameTimes({ durationS: 2, maxFrames: 1, bestT: 9 });
    expect(times).toEqual([1.95]);
  });
});

describe('readSampledFrames', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** Pictures every 0.5 s for `seconds`, each file holding its own index (enough to tell them apart). */
  function pictures(seconds: number): SampledPicture[] {
    const dir = mkdtempSync(join(tmpdir(), 'homesec-sampled-'));
    dirs.push(dir);
    return Array.from({ length: seconds * 2 }, (_, i) => {
      const path = join(dir, `${i}.jpg`);
      writeFileSync(path, `picture ${i}`);
      return { t: i / 2, path };
    });
  }

  it('takes the picture nearest each chosen time, each once, in time order', async () => {
    // Given pictures every 0.5 s over 10 s, When the times of 4 frames with the best at 4.5 s are read
    const frames = await readSampledFrames(pictures(10), [1.25, 4.5, 6.25, 8.75]);
    // Then the nearest pictures come back with their own times (a tie takes the earlier one)
    expect(frames.map((f) => f.t)).toEqual([1, 4.5, 6, 8.5]);
    expect(frames.map((f) => f.jpeg.toString())).toEqual(['picture 2', 'picture 9', 'picture 12', 'picture 17']);
  });

  it('sends a picture once even when two chosen times are nearest to it', async () => {
    // Given pictures every 0.5 s, When two chosen times fall beside the same picture, Then it is sent once
    const frames = await readSampledFrames(pictures(4), [1.1, 1.2, 3]);
    expect(frames.map((f) => f.t)).toEqual([1, 3]);
  });

  it('gives nothing when the pictures stop well before a chosen time (max_frames reached first)', async () => {
    // Given pictures of the first 5 s only, When a frame at 9 s is wanted, Then none are given: the clip is decoded instead
    expect(await readSampledFrames(pictures(5), [1, 9])).toEqual([]);
  });
});
