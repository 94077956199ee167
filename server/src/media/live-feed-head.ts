import type { Readable } from 'node:stream';
import { tsVideoCodec } from './ts-video-codec.js';

/** The start of a live MPEG-TS feed: the video codec its PMT names (null: none seen) and the bytes read to learn it. */
export interface LiveFeedHead {
  readonly codec: string | null;
  readonly chunks: readonly Buffer[];
}

/** A relay sends its PAT and PMT first; a feed without them this far in never will. */
const MAX_HEAD_BYTES = 1024 * 1024;

/**
 * Reads a live feed until its program map names the video codec, or `timeoutMs` passes, the feed
 * ends or `signal` aborts. The feed is left paused with nothing lost: `chunks` go first to whoever
 * reads it next. A running camera's relay answers at once (it keeps its PAT, PMT and last GOP).
 */
export function readLiveFeedHead(stream: Readable, timeoutMs: number, signal?: AbortSignal): Promise<LiveFeedHead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const finish = (codec: string | null) => {
      clearTimeout(timer);
      stream.pause();
      stream.off('data', onData);
      stream.off('end', onEnd);
      signal?.removeEventListener('abort', onEnd);
      resolve({ codec, chunks });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      bytes += chunk.length;
      const codec = tsVideoCodec(chunks.length === 1 ? chunk : Buffer.concat(chunks));
      if (codec !== null || bytes >= MAX_HEAD_BYTES) finish(codec);
    };
    const onEnd = () => finish(null);
    const timer = setTimeout(onEnd, timeoutMs);
    if (signal?.aborted) return finish(null);
    signal?.addEventListener('abort', onEnd, { once: true });
    stream.on('end', onEnd);
    stream.on('data', onData);
  });
}
