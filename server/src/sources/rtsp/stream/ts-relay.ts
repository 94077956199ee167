import { PassThrough, type Readable } from 'node:stream';

const PACKET = 188;
const SYNC = 0x47;
const PAT_PID = 0x0000;
/** ffmpeg's mpegts muxer puts the first program's PMT here (`-mpegts_pmt_start_pid` default). */
const PMT_PID = 0x1000;

interface Reader {
  readonly stream: PassThrough;
}

/**
 * The camera's video as MPEG-TS packets (stream-copied by the camera's one ffmpeg), relayed to local
 * decoders that start and stop on demand, so a live detector needs no second RTSP session. It keeps the
 * packets since the newest key frame (ffmpeg marks them with the random access indicator) and the
 * latest PAT and PMT: a new reader starts decoding at once, from a picture that is at most one GOP old.
 */
export class TsRelay {
  private carry: Buffer = Buffer.alloc(0);
  private sinceKeyframe: Buffer[] = [];
  private pat: Buffer | null = null;
  private pmt: Buffer | null = null;
  private readonly readers = new Set<Reader>();
  private bytesSinceKeyframe = 0;

  /** Most bytes kept before a key frame (a camera that never sends one must not fill the memory). */
  constructor(private readonly maxBufferedBytes = 8 * 1024 * 1024) {}

  push(chunk: Buffer): void {
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    let offset = 0;
    const packets: Buffer[] = [];
    while (data.length - offset >= PACKET) {
      if (data[offset] !== SYNC) {
        // Lost alignment (should not happen on a pipe): look for the next sync byte.
        offset += 1;
        continue;
      }
      const packet = Buffer.from(data.subarray(offset, offset + PACKET));
      this.keep(packet);
      packets.push(packet);
      offset += PACKET;
    }
    this.carry = Buffer.from(data.subarray(offset));
    if (packets.length > 0 && this.readers.size > 0) this.forward(Buffer.concat(packets));
  }

  /** A stream of packets from the newest key frame on; `close()` it (or end the decoder) to stop. */
  open(): { readonly stream: Readable; close(): void } {
    const reader: Reader = { stream: new PassThrough({ highWaterMark: 4 * 1024 * 1024 }) };
    const head = [this.pat, this.pmt, ...this.sinceKeyframe].filter((p): p is Buffer => p !== null);
    if (head.length > 0) reader.stream.write(Buffer.concat(head));
    this.readers.add(reader);
    const close = () => {
      if (!this.readers.delete(reader)) return;
      reader.stream.end();
    };
    reader.stream.on('close', close);
    reader.stream.on('error', close);
    return { stream: reader.stream, close };
  }

  /** The camera's process ended: readers end too (they are reopened on the next motion). */
  reset(): void {
    this.carry = Buffer.alloc(0);
    this.sinceKeyframe = [];
    this.bytesSinceKeyframe = 0;
    for (const reader of [...this.readers]) {
      this.readers.delete(reader);
      reader.stream.end();
    }
  }

  get readerCount(): number {
    return this.readers.size;
  }

  private keep(packet: Buffer): void {
    const pid = ((packet[1] ?? 0) & 0x1f) * 256 + (packet[2] ?? 0);
    if (pid === PAT_PID) this.pat = packet;
    else if (pid === PMT_PID) this.pmt = packet;
    else if (randomAccess(packet)) {
      this.sinceKeyframe = [];
      this.bytesSinceKeyframe = 0;
    }
    if (this.bytesSinceKeyframe < this.maxBufferedBytes) {
      this.sinceKeyframe.push(packet);
      this.bytesSinceKeyframe += PACKET;
    }
  }

  private forward(bytes: Buffer): void {
    for (const reader of [...this.readers]) {
      // A reader that cannot keep up is dropped rather than buffered without bound.
      if (reader.stream.writableLength > reader.stream.writableHighWaterMark * 4) {
        this.readers.delete(reader);
        reader.stream.end();
      } else {
        reader.stream.write(bytes);
      }
    }
  }
}

/** The adaptation field's random access indicator: ffmpeg sets it on the first packet of a key frame. */
function randomAccess(packet: Buffer): boolean {
  const adaptation = ((packet[3] ?? 0) >> 4) & 0x3;
  if (adaptation !== 2 && adaptation !== 3) return false;
  const length = packet[4] ?? 0;
  return length > 0 && ((packet[5] ?? 0) & 0x40) !== 0;
}
