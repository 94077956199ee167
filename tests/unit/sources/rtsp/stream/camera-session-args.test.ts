import { describe, expect, it } from 'vitest';
import { cameraSessionArgs, REPAIR_TIMESTAMPS, type SessionOutputs } from '../../../../../server/src/sources/rtsp/stream/camera-session.js';

const MOTION = { fps: 5, width: 320, height: 180, blur: 2 };
const SEGMENTS = { segmentS: 2, dir: '/w/segments', runId: 'run1' };

function args(outputs: Partial<SessionOutputs>, url = 'rtsp://cam/main', transport: 'tcp' | 'udp' = 'tcp'): string[] {
  return cameraSessionArgs({
    url,
    transport,
    socketTimeoutS: 5,
    outputs: { segments: null, motion: null, relay: false, picture: null, ...outputs },
  });
}

describe('the camera session command line', () => {
  it('feeds recording, motion, the relay and the picture from ONE RTSP input', () => {
    // Given a camera without a detect stream (everything comes from the main stream)
    const line = args({ segments: SEGMENTS, motion: MOTION, relay: true, picture: { path: '/w/latest.jpg', everyS: 5, maxWidth: 640 } });
    // Then there is exactly one input, with the transport and a socket timeout in microseconds
    expect(line.filter((a) => a === '-i')).toHaveLength(1);
    expect(line.join(' ')).toContain('-rtsp_transport tcp -timeout 5000000 -i rtsp://cam/main');
    // ...video is copied (no re-encode), missing presentation times repaired, into 2 s MPEG-TS segments listed in run1.csv
    expect(line.join(' ')).toContain(`-map 0:v:0 -c copy ${REPAIR_TIMESTAMPS.join(' ')} -f segment -segment_time 2`);
    expect(line.join(' ')).toContain('-segment_list /w/segments/run1.csv -segment_list_type csv');
    expect(line).toContain('/w/segments/run1-%06d.ts');
    // ...motion frames are 5 fps grey 320x180 with the blur, raw on stdout
    expect(line[line.indexOf('-vf') + 1]).toBe(
      'fps=5,format=yuv420p|yuvj420p|yuv422p|yuvj422p|yuv444p|yuvj444p|gray,extractplanes=y,scale=320:180:flags=fast_bilinear,boxblur=luma_radius=2:luma_power=1',
    );
    expect(line.join(' ')).toContain('-f rawvideo -pix_fmt gray pipe:1');
    // ...the packets are relayed as MPEG-TS on fd 3, progress on fd 4, the picture rewritten in place
    expect(line.join(' ')).toContain(`-map 0:v:0 -c copy ${REPAIR_TIMESTAMPS.join(' ')} -f mpegts pipe:3`);
    expect(line.join(' ')).toContain('-progress pipe:4');
    expect(line.join(' ')).toContain('-update 1 -atomic_writing 1 /w/latest.jpg');
  });

  it('only records on the main stream when a detect stream does the rest, and decodes nothing there', () => {
    // Given the main session of a camera with a detect stream
    const line = args({ segments: SEGMENTS });
    // Then it copies segments and neither decodes nor relays
    expect(line).not.toContain('-vf');
    expect(line).not.toContain('-skip_loop_filter');
    expect(line.join(' ')).not.toContain('pipe:3');
  });

  it('gives a packet without a presentation time its decoding time, and leaves the others alone', () => {
    // Given the bitstream filter on the stream-copied outputs (RTP with B-frames: the first packets have no pts)
    // Then it is setts, setting pts to dts only where pts is missing, commas escaped for the filter list
    expect(REPAIR_TIMESTAMPS).toEqual(['-bsf:v', 'setts=pts=if(eq(PTS\\,NOPTS)\\,DTS\\,PTS)']);
  });

  it('leaves the blur out when it is 0', () => {
    const line = args({ motion: { ...MOTION, blur: 0 } }, 'rtsp://cam/sub', 'udp');
    expect(line[line.indexOf('-vf') + 1]).toBe(
      'fps=5,format=yuv420p|yuvj420p|yuv422p|yuvj422p|yuv444p|yuvj444p|gray,extractplanes=y,scale=320:180:flags=fast_bilinear',
    );
    expect(line.join(' ')).toContain('-rtsp_transport udp');
  });
});
