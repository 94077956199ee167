import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../core/logger.js';
import { err, ok, type Result } from '../../core/result.js';
import type { FfmpegTools } from '../../media/ffmpeg-tools.js';
import { abortableDelay } from '../../runtime/abortable-delay.js';
import type { CoreStreamTarget } from './core-stream-target.js';

export interface SnapshotFeedOptions {
  readonly entityId: string;
  readonly target: CoreStreamTarget;
  /** Folder of the local playlist and its segments (emptied at each start). */
  readonly dir: string;
  readonly intervalMs: number;
  readonly tools: FfmpegTools;
  readonly log: Logger;
}

const PLAYLIST = 'snapshots.m3u8';
const FETCH_TIMEOUT_MS = 10_000;
/** How long the first pictures may take to become a segment the stream session can read. */
const FIRST_SEGMENT_MS = 20_000;
const FEED_FPS = 5;

/**
 * A snapshot-only camera as a stream: its picture (Core's `GET /api/camera_proxy/<entity_id>`, a JPEG)
 * is fetched every interval and one ffmpeg encodes the pictures, stamped with the time they came, into
 * a local live HLS playlist (H.264 at a steady rate), which the camera's stream session reads like any
 * stream: motion, pre-roll, live detection, and the event's clip is the sequence of pictures.
 */
export class SnapshotFeed {
  private encoder: ChildProcess | null = null;
  private polling: Promise<void> | null = null;
  private stopping = new AbortController();
  private pictures = 0;

  constructor(private readonly options: SnapshotFeedOptions) {}

  /** The local playlist, once it lists a segment; starts the polling and the encoder when they are not running. */
  async playlist(signal: AbortSignal): Promise<Result<string, string>> {
    if (!this.encoder || this.encoder.exitCode !== null || this.encoder.signalCode !== null) await this.start();
    const path = join(this.options.dir, PLAYLIST);
    const deadline = Date.now() + FIRST_SEGMENT_MS;
    while (!(await listsSegment(path))) {
      if (signal.aborted) return err('stopped');
      if (Date.now() > deadline) return err(`no picture from Home Assistant for ${this.options.entityId} (camera_proxy)`);
      await abortableDelay(200, signal);
    }
    return ok(path);
  }

  /** Ends the polling and the encoder. Idempotent. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.polling;
    await this.endEncoder();
  }

  private async start(): Promise<void> {
    this.stopping.abort();
    await this.polling;
    await this.endEncoder();
    this.stopping = new AbortController();
    await rm(this.options.dir, { recursive: true, force: true });
    await mkdir(this.options.dir, { recursive: true });
    const encoder = spawn(this.options.tools.ffmpeg, encoderArgs(this.options.dir), { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    encoder.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-1000)));
    encoder.stdin?.on('error', () => undefined); // an encoder that died is seen at its exit
    encoder.on('error', (e) =>
      this.options.log.error({ event_type: 'ha_camera.snapshot_encoder_failed', err: e }, 'snapshot encoder failed'),
    );
    encoder.on('close', (code) => {
      if (!this.stopping.signal.aborted)
        this.options.log.warn({ event_type: 'ha_camera.snapshot_encoder_ended', code, stderr: stderr.trim() }, 'snapshot encoder ended');
    });
    this.encoder = encoder;
    this.polling = this.poll(encoder, this.stopping.signal);
  }

  private async poll(encoder: ChildProcess, signal: AbortSignal): Promise<void> {
    const { entityId, target, intervalMs, log } = this.options;
    const url = `${target.httpBase}/api/camera_proxy/${entityId}`;
    let failing = false;
    while (!signal.aborted && encoder.exitCode === null) {
      const startedAt = Date.now();
      const picture = await fetchPicture(url, target.websocket.token, signal);
      if (picture.ok) {
        failing = false;
        this.pictures++;
        encoder.stdin?.write(picture.value);
      } else if (!failing && !signal.aborted) {
        failing = true; // said once until a picture comes again
        log.warn({ event_type: 'ha_camera.snapshot_failed', entity_id: entityId, reason: picture.error }, 'no picture from Home Assistant');
      }
      await abortableDelay(Math.max(0, intervalMs - (Date.now() - startedAt)), signal);
    }
  }

  private async endEncoder(): Promise<void> {
    const encoder = this.encoder;
    this.encoder = null;
    if (!encoder || encoder.exitCode !== null || encoder.signalCode !== null) return;
    const closed = once(encoder, 'close');
    encoder.stdin?.end();
    const timer = setTimeout(() => encoder.kill('SIGKILL'), 5000);
    await closed;
    clearTimeout(timer);
  }
}

/**
 * JPEGs on stdin, stamped with their arrival, to one-second H.264 segments at a steady 5 frames a second
 * (a picture repeats until the next comes; a key frame a second). A tiny probe: by default ffmpeg would
 * wait for seconds of pictures before it encodes the first. The steady rate matters to the reader: on
 * pictures as they came (a variable rate) it probed the playlist for ten seconds and stalled between them.
 */
function encoderArgs(dir: string): string[] {
  return [
    ...['-nostdin', '-hide_banner', '-loglevel', 'error'],
    ...['-probesize', '32', '-analyzeduration', '0', '-use_wallclock_as_timestamps', '1'],
    ...['-f', 'image2pipe', '-c:v', 'mjpeg', '-i', 'pipe:0', '-map', '0:v:0'],
    ...['-vf', `setpts=PTS-STARTPTS,fps=${FEED_FPS},scale=trunc(iw/2)*2:trunc(ih/2)*2,format=yuv420p`],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', String(FEED_FPS), '-bf', '0'],
    ...['-f', 'hls', '-hls_time', '1', '-hls_list_size', '10', '-hls_flags', 'delete_segments'],
    ...['-hls_segment_filename', join(dir, 'snap%06d.ts'), join(dir, PLAYLIST)],
  ];
}

async function fetchPicture(url: string, token: string, signal: AbortSignal): Promise<Result<Buffer, string>> {
  try {
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.any([signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]),
    });
    if (!response.ok) return err(`HTTP ${response.status}`);
    const body = Buffer.from(await response.arrayBuffer());
    // A JPEG starts FF D8; anything else (an HTML error page) would break the encoder's stream.
    if (body.length < 4 || body[0] !== 0xff || body[1] !== 0xd8) return err('not a JPEG');
    return ok(body);
  } catch (e) {
    return err((e as Error).message);
  }
}

async function listsSegment(path: string): Promise<boolean> {
  if (!existsSync(path)) return false;
  try {
    return (await readFile(path, 'utf8')).includes('.ts');
  } catch {
    return false;
  }
}
