import { describe, expect, it } from 'vitest';
import { recorderFailure } from '../../../../../server/src/sources/rtsp/stream/recorder-failure.js';

describe('recorder failures', () => {
  it('names a stream whose timestamps the muxer refuses, with the camera setting to change', () => {
    // Given ffmpeg 5.1's stderr for an RTSP H.264 stream with B-frames copied into MPEG-TS segments
    const stderr =
      '[mpegts @ 0x5649311e9440] first pts and dts value must be set\n' +
      'av_interleaved_write_frame(): Invalid data found when processing input';
    // Then it is a timestamps failure whose message says to turn B-frames off
    expect(recorderFailure(stderr)).toMatchObject({ kind: 'timestamps', message: expect.stringContaining('B-frames off') as string });
  });

  it('names a full disk and says recording resumes by itself', () => {
    // Given the segment muxer on a full disk
    const stderr =
      "[segment @ 0x55678750f740] Failure occurred when ending segment '/data/rtsp/yard/segments/run1-000004.ts'\n" +
      'Error writing trailer of /data/rtsp/yard/segments/run1-%06d.ts: No space left on device';
    // Then it is a disk-full failure
    expect(recorderFailure(stderr)).toMatchObject({ kind: 'disk_full', message: expect.stringContaining('resumes by itself') as string });
  });

  it('leaves camera and network problems to the reconnect logic', () => {
    // Given the usual ways a camera goes away
    for (const stderr of [
      'rtsp://127.0.0.1:8554/cam: Connection refused',
      '[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized',
      'rtsp://cam/main: Connection timed out',
      '',
    ])
      // Then none is a recorder failure
      expect(recorderFailure(stderr)).toBeNull();
  });
});
