const PACKET = 188;
const SYNC = 0x47;
const PAT_PID = 0x0000;
const PAT_TABLE = 0x00;
const PMT_TABLE = 0x02;

/** ISO/IEC 13818-1 stream types of the video codecs cameras send, named as ffmpeg names them. */
const VIDEO_STREAM_TYPES: ReadonlyMap<number, string> = new Map([
  [0x01, 'mpeg1video'],
  [0x02, 'mpeg2video'],
  [0x10, 'mpeg4'],
  [0x1b, 'h264'],
  [0x24, 'hevc'],
]);

/**
 * The video codec an MPEG-TS stream announces in its program map table (PAT, then PMT), read from
 * the packets at hand without starting a process: `h264`, `hevc`, ... or null when no PMT is there
 * yet. A stream type this table does not know is named by its number (`stream type 0x06`).
 */
export function tsVideoCodec(packets: Buffer): string | null {
  let pmtPid: number | null = null;
  for (let offset = syncOffset(packets); offset >= 0 && offset + PACKET <= packets.length; offset += PACKET) {
    const packet = packets.subarray(offset, offset + PACKET);
    if (packet[0] !== SYNC) return null;
    const pid = ((packet[1] ?? 0) & 0x1f) * 256 + (packet[2] ?? 0);
    if (pid !== PAT_PID && pid !== pmtPid) continue;
    const section = sectionOf(packet);
    if (!section) continue;
    if (pid === PAT_PID && section[0] === PAT_TABLE) pmtPid = firstProgramMapPid(section);
    else if (pid === pmtPid && section[0] === PMT_TABLE) return firstVideoCodec(section);
  }
  return null;
}

/** The first packet boundary (a relay's chunks start on one; a cut stream may not). */
function syncOffset(data: Buffer): number {
  for (let i = 0; i < Math.min(data.length, PACKET); i++) if (data[i] === SYNC && (data[i + PACKET] ?? SYNC) === SYNC) return i;
  return -1;
}

/** The PSI section that starts in this packet (payload unit start), without the pointer field. */
function sectionOf(packet: Buffer): Buffer | null {
  if (((packet[1] ?? 0) & 0x40) === 0) return null;
  const adaptation = ((packet[3] ?? 0) >> 4) & 0x3;
  if (adaptation === 0 || adaptation === 2) return null;
  let payload = 4;
  if (adaptation === 3) payload += 1 + (packet[4] ?? 0);
  payload += 1 + (packet[payload] ?? 0);
  if (payload + 3 > packet.length) return null;
  const length = (((packet[payload + 1] ?? 0) & 0x0f) << 8) | (packet[payload + 2] ?? 0);
  // A section longer than one packet is not what a camera's PAT or one-stream PMT is: read what is here.
  return packet.subarray(payload, Math.min(packet.length, payload + 3 + length));
}

/** PAT: the PMT's PID of the first program (program 0 is the network PID, not a program). */
function firstProgramMapPid(section: Buffer): number | null {
  const end = section.length - 4;
  for (let i = 8; i + 4 <= end; i += 4) {
    const program = ((section[i] ?? 0) << 8) | (section[i + 1] ?? 0);
    if (program !== 0) return (((section[i + 2] ?? 0) & 0x1f) << 8) | (section[i + 3] ?? 0);
  }
  return null;
}

/** PMT: the first elementary stream that is video (the relay carries only the camera's video). */
function firstVideoCodec(section: Buffer): string | null {
  const end = section.length - 4;
  const programInfoLength = (((section[10] ?? 0) & 0x0f) << 8) | (section[11] ?? 0);
  let first: number | null = null;
  for (let i = 12 + programInfoLength; i + 5 <= end;) {
    const streamType = section[i] ?? 0;
    const infoLength = (((section[i + 3] ?? 0) & 0x0f) << 8) | (section[i + 4] ?? 0);
    const known = VIDEO_STREAM_TYPES.get(streamType);
    if (known) return known;
    first ??= streamType;
    i += 5 + infoLength;
  }
  return first === null ? null : `stream type 0x${first.toString(16).padStart(2, '0')}`;
}
