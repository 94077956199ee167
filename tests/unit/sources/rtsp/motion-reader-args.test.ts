import { describe, expect, it } from 'vitest';
import { motionReaderArgs } from '../../../../server/src/sources/rtsp/motion-reader.js';
import { segmentRecorderArgs } from '../../../../server/src/sources/rtsp/segment-recorder.js';

describe('ffmpeg command lines', () => {
  it('decodes the motion stream to small grey frames, blurred in ffmpeg, raw on stdout', () => {
    // Given motion settings with a blur of 2
    const args = motionReaderArgs({ url: 'rtsp://cam/sub', transport: 'udp', socketTimeoutS: 5, fps: 5, width: 320, height: 180, blur: 2 });
    // Then the input uses the transport and a socket timeout in microseconds
    expect(args.join(' ')).toContain('-rtsp_transport udp -timeout 5000000 -i rtsp://cam/sub');
    // ...and the output is 5 fps grey 320x180 with the blur, as raw bytes on the pipe
    expect(args[args.indexOf('-vf') + 1]).toBe(
      'fps=5,format=yuv420p|yuvj420p|yuv422p|yuvj422p|yuv444p|yuvj444p|gray,extractplanes=y,scale=320:180:flags=fast_bilinear,avgblur=sizeX=2',
    );
    expect(args.slice(-5)).toEqual(['-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1']);
  });

  it('leaves the blur out when it is 0', () => {
    const args = motionReaderArgs({ url: 'rtsp://cam/sub', transport: 'tcp', socketTimeoutS: 5, fps: 2, width: 160, height: 90, blur: 0 });
    expect(args[args.indexOf('-vf') + 1]).toBe(
      'fps=2,format=yuv420p|yuvj420p|yuv422p|yuvj422p|yuv444p|yuvj444p|gray,extractplanes=y,scale=160:90:flags=fast_bilinear',
    );
  });

  it('stream-copies the main stream into numbered segments with a CSV list', () => {
    // Given a recorder run
    const args = segmentRecorderArgs({
      url: 'rtsp://cam/main',
      transport: 'tcp',
      socketTimeoutS: 5,
      segmentS: 2,
      dir: '/w/segments',
      runId: 'run1',
    });
    const line = args.join(' ');
    // Then video is copied (no re-encode) into 2 s MPEG-TS segments, listed in run1.csv, with progress on stdout
    expect(line).toContain('-map 0:v:0 -c copy -f segment -segment_time 2');
    expect(line).toContain('-segment_list /w/segments/run1.csv -segment_list_type csv');
    expect(line).toContain('-progress pipe:1');
    expect(args[args.length - 1]).toBe('/w/segments/run1-%06d.ts');
  });
});
