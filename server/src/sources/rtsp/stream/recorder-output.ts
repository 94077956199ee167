// Parsers for what the segment-muxer ffmpeg writes: `-progress` blocks on stdout and the CSV segment list.

export interface ProgressReport {
  /** Frames written so far (counts stream-copied frames too). */
  readonly frame: number;
  /** Output time of the newest packet, on the same timeline as the segment list. */
  readonly outTimeS: number | null;
}

export interface ListedSegment {
  readonly name: string;
  readonly startS: number;
  readonly endS: number;
}

/** Collects `key=value` lines; each `progress=` line closes one report. */
export class ProgressParser {
  private buffered = '';
  private fields = new Map<string, string>();

  push(text: string, onReport: (report: ProgressReport) => void): void {
    this.buffered += text;
    let newline = this.buffered.indexOf('\n');
    while (newline >= 0) {
      const line = this.buffered.slice(0, newline).trim();
      this.buffered = this.buffered.slice(newline + 1);
      this.takeLine(line, onReport);
      newline = this.buffered.indexOf('\n');
    }
  }

  private takeLine(line: string, onReport: (report: ProgressReport) => void): void {
    const eq = line.indexOf('=');
    if (eq <= 0) return;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (key !== 'progress') {
      this.fields.set(key, value);
      return;
    }
    const frame = Number(this.fields.get('frame'));
    const outUs = Number(this.fields.get('out_time_us'));
    this.fields = new Map();
    if (!Number.isFinite(frame)) return;
    onReport({ frame, outTimeS: Number.isFinite(outUs) && outUs >= 0 ? outUs / 1e6 : null });
  }
}

/** Splits appended CSV text into complete segment entries, keeping a trailing partial line. */
export class SegmentListParser {
  private buffered = '';

  push(text: string): ListedSegment[] {
    this.buffered += text;
    const lines = this.buffered.split('\n');
    this.buffered = lines.pop() ?? '';
    return lines.map(parseSegmentLine).filter((s): s is ListedSegment => s !== null);
  }
}

export function parseSegmentLine(line: string): ListedSegment | null {
  const parts = line.trim().split(',');
  if (parts.length !== 3) return null;
  const [name, start, end] = parts;
  const startS = Number(start);
  const endS = Number(end);
  if (!name || !Number.isFinite(startS) || !Number.isFinite(endS) || endS < startS) return null;
  return { name, startS, endS };
}

/**
 * Maps the recorder's stream time to wall-clock time. Each progress report gives one sample of
 * (wall - stream); the smallest recent sample is the one least delayed by buffering, and a window
 * lets the estimate follow a camera clock that drifts.
 */
export class StreamClock {
  private samples: { readonly at: number; readonly offset: number }[] = [];
  private firstAt: number | null = null;

  constructor(private readonly windowMs = 20_000) {}

  observe(streamS: number, wallMs: number): void {
    this.firstAt ??= wallMs;
    this.samples.push({ at: wallMs, offset: wallMs - streamS * 1000 });
    const oldest = wallMs - this.windowMs;
    while (this.samples.length > 1 && (this.samples[0]?.at ?? wallMs) < oldest) this.samples.shift();
  }

  /**
   * True once samples cover settleMs of wall time. Right after connecting, ffmpeg writes the packets it
   * buffered while probing in a burst, so the first reports understate how far the stream really is.
   */
  settled(wallMs: number, settleMs = 2000): boolean {
    const first = this.firstAt;
    return first !== null && wallMs - first >= settleMs;
  }

  /** Wall time (ms) of a stream time, or null before the first sample. */
  toWall(streamS: number): number | null {
    if (this.samples.length === 0) return null;
    const offset = Math.min(...this.samples.map((s) => s.offset));
    return offset + streamS * 1000;
  }
}
