import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ffmpegToolsFromEnv } from '../../server/src/media/ffmpeg-tools.js';
import { makeTempDir } from './temp-dir.js';

/**
 * A camera's live HLS stream as Home Assistant's stream component serves it: a real ffmpeg copies an
 * RTSP camera into one-second segments (a rolling playlist of five), beside the master playlist that
 * names it, as components/stream/hls.py writes them (master_playlist.m3u8 -> playlist.m3u8).
 */
export interface HlsCamera {
  /** The folder holding master_playlist.m3u8, playlist.m3u8 and the segments. */
  readonly dir: string;
  /** Resolves once the playlist lists `count` segments (a player can start). */
  waitForSegments(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const MASTER_PLAYLIST = '#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-STREAM-INF:BANDWIDTH=1000000,CODECS="avc1.64001e"\nplaylist.m3u8\n';

export function startHlsCamera(rtspUrl: string): HlsCamera {
  const temp = makeTempDir('homesec-hls-');
  writeFileSync(join(temp.path, 'master_playlist.m3u8'), MASTER_PLAYLIST);
  const playlist = join(temp.path, 'playlist.m3u8');
  let stderr = '';
  const child: ChildProcess = spawn(
    ffmpegToolsFromEnv().ffmpeg,
    [
      ...['-nostdin', '-hide_banner', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-i', rtspUrl],
      ...['-map', '0:v:0', '-c', 'copy', '-f', 'hls', '-hls_time', '1', '-hls_list_size', '5'],
      ...['-hls_flags', 'delete_segments', '-hls_segment_filename', join(temp.path, 'segment%05d.ts'), playlist],
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)));
  const exited = once(child, 'close');
  const segmentsListed = (): number => {
    try {
      return readFileSync(playlist, 'utf8')
        .split('\n')
        .filter((line) => line.endsWith('.ts')).length;
    } catch {
      return 0;
    }
  };
  return {
    dir: temp.path,
    async waitForSegments(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (segmentsListed() < count) {
        if (child.exitCode !== null) throw new Error(`the HLS writer ended: ${stderr}`);
        if (Date.now() > deadline) throw new Error(`no ${count} HLS segments within ${timeoutMs} ms: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      temp.remove();
    },
  };
}
