import { describe, expect, it } from 'vitest';
import { tsVideoCodec } from '../../../server/src/media/ts-video-codec.js';
import { pat, pmt, videoPacket } from '../../support/ts-packets.js';

describe('the video codec an MPEG-TS stream announces', () => {
  it('reads H.264 and H.265 from the PMT the PAT points to, wherever the PMT PID is', () => {
    // Given a relay's start: PAT, PMT, video / Then the codec is named as ffmpeg names it
    expect(tsVideoCodec(Buffer.concat([pat(0x1000), pmt(0x1000, 0x1b), videoPacket()]))).toBe('h264');
    expect(tsVideoCodec(Buffer.concat([pat(0x0100 + 0x20), pmt(0x0120, 0x24)]))).toBe('hevc');
  });

  it('names a stream type it does not know by its number, and says nothing before the PMT', () => {
    expect(tsVideoCodec(Buffer.concat([pat(0x1000), pmt(0x1000, 0x06)]))).toBe('stream type 0x06');
    expect(tsVideoCodec(Buffer.concat([pat(0x1000), videoPacket()]))).toBeNull();
    expect(tsVideoCodec(Buffer.alloc(0))).toBeNull();
  });

  it('finds the packet boundary when the bytes start mid-packet', () => {
    // Given a stream cut 100 bytes into a packet
    const cut = Buffer.concat([videoPacket(), pat(0x1000), pmt(0x1000, 0x1b)]).subarray(100);
    // Then the tables after it are still read
    expect(tsVideoCodec(cut)).toBe('h264');
  });
});
