/**
 * Cuts a byte stream (raw frames from ffmpeg's stdout) into fixed-size frames. Pipe chunks do not
 * line up with frames, so a partial frame is carried over to the next chunk.
 */
export class FrameSplitter {
  private pending: Uint8Array;
  private filled = 0;

  constructor(private readonly frameBytes: number) {
    if (!Number.isInteger(frameBytes) || frameBytes <= 0) throw new RangeError(`bad frame size ${frameBytes}`);
    this.pending = new Uint8Array(frameBytes);
  }

  /** Calls onFrame for every complete frame in the chunk; the frame buffer is reused after the call. */
  push(chunk: Uint8Array, onFrame: (frame: Uint8Array) => void): void {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(this.frameBytes - this.filled, chunk.length - offset);
      this.pending.set(chunk.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.frameBytes) {
        this.filled = 0;
        onFrame(this.pending);
      }
    }
  }

  /** Drops a partial frame, e.g. when the process restarts. */
  reset(): void {
    this.filled = 0;
    this.pending = new Uint8Array(this.frameBytes);
  }
}
