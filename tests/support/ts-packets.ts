/** Hand-made MPEG-TS packets: the tables a camera's relay starts with, for tests of reading them. */
const PACKET = 188;

/** One TS packet starting a PSI section on `pid` (payload only, pointer field 0), padded with 0xff. */
function psiPacket(pid: number, section: readonly number[]): Buffer {
  const packet = Buffer.alloc(PACKET, 0xff);
  Buffer.from([0x47, 0x40 | (pid >> 8), pid & 0xff, 0x10, 0x00, ...section]).copy(packet);
  return packet;
}

/** A PAT naming program 1 at PMT PID `pmtPid` (CRC not checked by the reader: zeros). */
export function pat(pmtPid: number): Buffer {
  return psiPacket(0, [0x00, 0xb0, 0x0d, 0x00, 0x01, 0xc1, 0x00, 0x00, 0x00, 0x01, 0xe0 | (pmtPid >> 8), pmtPid & 0xff, 0, 0, 0, 0]);
}

/** A PMT with one elementary stream of `streamType` on PID 0x100. */
export function pmt(pmtPid: number, streamType: number): Buffer {
  return psiPacket(pmtPid, [
    0x02,
    0xb0,
    0x12,
    0x00,
    0x01,
    0xc1,
    0x00,
    0x00,
    0xe1,
    0x00,
    0xf0,
    0x00,
    streamType,
    0xe1,
    0x00,
    0xf0,
    0x00,
    0,
    0,
    0,
    0,
  ]);
}

/** A video packet on PID 0x100 (what follows the tables in a relay). */
export function videoPacket(): Buffer {
  const packet = Buffer.alloc(PACKET, 0);
  Buffer.from([0x47, 0x01, 0x00, 0x10]).copy(packet);
  return packet;
}
