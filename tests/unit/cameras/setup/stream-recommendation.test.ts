import { describe, expect, it } from 'vitest';
import { recommendStreams } from '../../../../server/src/cameras/setup/stream-recommendation.js';
import type { FoundStream } from '../../../../server/src/http/camera-setup-contract.js';

const stream = (id: string, width: number | null, height: number | null): FoundStream => ({
  id,
  method: 'Reolink',
  label: id,
  url: `rtsp://cam:554/${id}`,
  codec: 'h264',
  width,
  height,
  fps: 10,
  snapshot: null,
});

describe('recommending the streams to record and to detect on', () => {
  it('records the largest and detects on the smallest, in whatever order they were found', () => {
    // Given three streams found sub first; When recommended; Then the largest records, the smallest detects
    expect(recommendStreams([stream('sub', 640, 360), stream('main', 2560, 1440), stream('third', 1280, 720)])).toEqual({
      record: 'main',
      detect: 'sub',
    });
  });

  it('uses one stream for both when there is only one', () => {
    // Given one stream; When recommended; Then it records and serves detection too (detect null)
    expect(recommendStreams([stream('main', 1920, 1080)])).toEqual({ record: 'main', detect: null });
  });

  it('uses the first for both when all have one size (the same stream under two paths)', () => {
    // Given two streams of one size; When recommended; Then the first records and serves detection too
    expect(recommendStreams([stream('a', 1920, 1080), stream('b', 1920, 1080)])).toEqual({ record: 'a', detect: null });
  });

  it('recommends nothing when nothing was found', () => {
    // Given no stream; When recommended; Then nothing is
    expect(recommendStreams([])).toBeNull();
  });
});
