import { describe, expect, it } from 'vitest';
import { quoteConcatPath } from '../../../../../server/src/sources/rtsp/recording/clip-assembler.js';
import { clipFileName, parseClipName } from '../../../../../server/src/sources/rtsp/recording/clip-handover.js';

describe('clip file names', () => {
  it('round-trips start and end times through the file name', () => {
    // Given a clip from 12:00:01.250 to 12:00:31.500 UTC
    const start = Date.UTC(2026, 10, 21, 12, 0, 1, 250);
    const end = Date.UTC(2026, 10, 21, 12, 0, 31, 500);
    // When it is named and the name parsed back
    const name = clipFileName('front_door', start, end);
    // Then the name is readable and gives back the same times
    expect(name).toBe('front_door_20261121T120001_250Z_20261121T120031_500Z.mp4');
    expect(parseClipName(name)).toEqual({ startedAt: new Date(start), endedAt: new Date(end) });
    expect(parseClipName('holiday.mp4')).toBeNull();
  });

  it('quotes paths for the concat demuxer', () => {
    // Given a path with a single quote, Then it is escaped the way ffmpeg expects
    expect(quoteConcatPath("/data/it's/a.ts")).toBe("'/data/it'\\''s/a.ts'");
  });
});
