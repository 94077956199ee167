import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { FfmpegTools } from './ffmpeg-tools.js';

/** One viewer's ffmpeg: the camera's relayed MPEG-TS in, fragmented MP4 out, the video stream-copied. */
export interface LiveMp4Remux {
  /** ftyp and moov first, then a moof and mdat per fragment: a `<video>` plays it as it arrives. */
  readonly output: Readable;
  readonly pid: number | undefined;
  /** Settles when ffmpeg is gone: the stderr tail when it ended by itself with an error, else null. */
  readonly ended: Promise<string | null>;
  /** Ends ffmpeg (the viewer left); safe to call twice. */
  stop(): void;
}

const STDERR_TAIL_CHARS = 2000;

/** Half a second: the first picture leaves at once, not at the camera's next key frame a GOP later. */
const FRAGMENT_US = 500_000;

/**
 * Remuxes a live MPEG-TS feed (H.264 from the camera's one RTSP session, relayed) to fragmented MP4 for
 * a browser, without transcoding. `head` (what was read of the feed to learn its codec) goes in first.
 * Fragments are cut at key frames and every half second, so the relay's buffered GOP plays at once.
 */
export function startLiveMp4Remux(tools: FfmpegTools, feed: Readable, head: readonly Buffer[]): LiveMp4Remux {
  const args = [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    // Start as soon as the relayed key frame's parameters are known (as the live detector's decoder does):
    // no waiting for more of the live stream to estimate a frame rate.
    '-probesize',
    '32768',
    '-analyzeduration',
    '100000',
    '-fpsprobesize',
    '0',
    '-f',
    'mpegts',
    '-i',
    'pipe:0',
    '-map',
    '0:v:0',
    '-c:v',
    'copy',
    '-f',
    'mp4',
    // No seeking back on a pipe: an empty moov up front, then self-contained fragments (MSE's layout too).
    '-movflags',
    'frag_keyframe+empty_moov+default_base_moof',
    '-frag_duration',
    String(FRAGMENT_US),
    '-flush_packets',
    '1',
    'pipe:1',
  ];
  const child = spawn(tools.ffmpeg, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderrTail = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
  });
  let stopped = false;
  const ended = new Promise<string | null>((resolve) => {
    child.once('error', (e) => resolve(`ffmpeg could not start: ${e.message}`));
    child.once('close', (code) => resolve(stopped || code === 0 ? null : `ffmpeg exited with code ${code}: ${stderrTail.trim()}`));
  });
  // ffmpeg closing its input early (EPIPE) is how it ends when the viewer leaves.
  child.stdin.on('error', () => undefined);
  for (const chunk of head) child.stdin.write(chunk);
  feed.pipe(child.stdin);
  return {
    output: child.stdout,
    pid: child.pid,
    ended,
    stop: () => {
      if (stopped) return;
      stopped = true;
      feed.unpipe(child.stdin);
      child.stdin.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
