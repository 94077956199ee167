import { describe, expect, it } from 'vitest';
import { FrameSplitter } from '../../../../../server/src/sources/rtsp/stream/frame-splitter.js';
import { ProgressParser, SegmentListParser, StreamClock } from '../../../../../server/src/sources/rtsp/stream/recorder-output.js';

describe('ffmpeg output parsing', () => {
  it('reads progress blocks split across chunks', () => {
    // Given ffmpeg progress output arriving in odd pieces
    const parser = new ProgressParser();
    const reports: unknown[] = [];
    // When the chunks are pushed
    for (const chunk of ['frame=3\nfps=0.0\nout_time_us=25', '0000\nprogress=continue\nframe=9\n', 'out_time_us=N/A\nprogress=end\n']) {
      parser.push(chunk, (r) => reports.push(r));
    }
    // Then one report per block comes out, with the output time in seconds when known
    expect(reports).toEqual([
      { frame: 3, outTimeS: 0.25 },
      { frame: 9, outTimeS: null },
    ]);
  });

  it('reads complete CSV segment entries and keeps a partial line for later', () => {
    // Given a segment list being appended to
    const list = new SegmentListParser();
    // When a line and a half arrive, then the rest
    expect(list.push('a-000000.ts,0.000000,1.400000\na-0000')).toEqual([{ name: 'a-000000.ts', startS: 0, endS: 1.4 }]);
    // Then the second entry comes out once complete
    expect(list.push('01.ts,1.400000,2.400000\n')).toEqual([{ name: 'a-000001.ts', startS: 1.4, endS: 2.4 }]);
  });

  it('maps stream time to wall time using the least delayed recent sample', () => {
    // Given samples where the second report was delayed by 300 ms
    const clock = new StreamClock(10_000);
    clock.observe(1, 101_000);
    clock.observe(2, 102_300);
    // Then stream time 5 s is at wall time 105 s
    expect(clock.toWall(5)).toBe(105_000);
    // ...and the clock is settled only after 2 s of samples
    expect(clock.settled(102_300)).toBe(false);
    expect(clock.settled(103_000)).toBe(true);
  });

  it('cuts a byte stream into whole frames', () => {
    // Given frames of 4 bytes
    const splitter = new FrameSplitter(4);
    const frames: number[][] = [];
    // When 10 bytes arrive in chunks of 3, 5 and 2
    for (const chunk of [
      [1, 2, 3],
      [4, 5, 6, 7, 8],
      [9, 10],
    ])
      splitter.push(Uint8Array.from(chunk), (f) => frames.push([...f]));
    // Then two whole frames come out and the rest waits
    expect(frames).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
  });
});
