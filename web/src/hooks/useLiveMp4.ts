import { useEffect, type RefObject } from 'react';

export type Playback = 'connecting' | 'playing' | 'stopped';

/** Playback this far behind the newest picture (a busy phone, a tab in the background) jumps ahead. */
const MAX_LAG_S = 3;
/** Video already played that stays buffered; older is removed, so a long watch never fills the browser's quota. */
const KEEP_S = 20;
/** The init segment (ftyp, moov) is a few hundred bytes: a stream without avcC this far in is no H.264 MP4. */
const MAX_INIT_BYTES = 1024 * 1024;

/**
 * Plays a live fragmented MP4 (`url`, H.264) in `video` through Media Source Extensions, read with fetch: the
 * request is ours to abort, so unmounting ends it at once (a `<video src>` Chromium keeps loading after the
 * element is gone, and the server's remuxer with it). Without MSE (older iPhones) the `src` plays the stream.
 */
export function useLiveMp4(video: RefObject<HTMLVideoElement | null>, url: string, onStopped: () => void): void {
  useEffect(() => {
    const element = video.current;
    if (!element) return;
    const Source = mediaSourceClass();
    if (!Source) {
      element.src = url;
      return () => detach(element);
    }
    const abort = new AbortController();
    const source = new Source();
    const objectUrl = URL.createObjectURL(source);
    // Safari's ManagedMediaSource plays only without AirPlay, or with an AirPlay alternative.
    element.disableRemotePlayback = true;
    element.src = objectUrl;
    const stopped = () => {
      if (!abort.signal.aborted) onStopped();
    };
    streamInto(element, source, url, abort.signal).then(stopped, stopped);
    return () => {
      abort.abort();
      detach(element);
      URL.revokeObjectURL(objectUrl);
    };
  }, [video, url, onStopped]);
}

function mediaSourceClass(): typeof MediaSource | null {
  const managed = (window as unknown as { ManagedMediaSource?: typeof MediaSource }).ManagedMediaSource;
  return window.MediaSource ?? managed ?? null;
}

function detach(element: HTMLVideoElement): void {
  element.removeAttribute('src');
  element.load();
}

/** Reads the stream and appends it as it comes; resolves when the stream ends, rejects when it fails or is aborted. */
async function streamInto(element: HTMLVideoElement, source: MediaSource, url: string, signal: AbortSignal): Promise<void> {
  if (source.readyState !== 'open') await new Promise((resolve) => source.addEventListener('sourceopen', resolve, { once: true }));
  const response = await fetch(url, { signal, cache: 'no-store' });
  if (!response.ok || !response.body) throw new Error(`the live stream answered ${response.status}`);
  const reader = response.body.getReader();
  let head = new Uint8Array(0);
  let buffer: SourceBuffer | null = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    if (!buffer) {
      head = concat(head, value);
      const codec = avcCodec(head);
      if (!codec) {
        if (head.length > MAX_INIT_BYTES) throw new Error('the live stream has no H.264 configuration');
        continue;
      }
      buffer = source.addSourceBuffer(`video/mp4; codecs="${codec}"`);
      await append(buffer, head);
    } else {
      await append(buffer, value);
    }
    keepUp(element, buffer);
  }
  if (source.readyState === 'open' && buffer && !buffer.updating) source.endOfStream();
}

async function append(buffer: SourceBuffer, data: Uint8Array<ArrayBuffer>): Promise<void> {
  await settled(buffer);
  await new Promise<void>((resolve, reject) => {
    buffer.onupdateend = () => resolve();
    buffer.onerror = () => reject(new Error('the browser could not take the live stream'));
    buffer.appendBuffer(data);
  });
}

function settled(buffer: SourceBuffer): Promise<void> {
  if (!buffer.updating) return Promise.resolve();
  return new Promise((resolve) => buffer.addEventListener('updateend', () => resolve(), { once: true }));
}

/** Stays near the newest picture, and drops what was played long ago. */
function keepUp(element: HTMLVideoElement, buffer: SourceBuffer): void {
  const ranges = element.buffered;
  if (ranges.length === 0) return;
  const start = ranges.start(0);
  const end = ranges.end(ranges.length - 1);
  if (element.currentTime < start || end - element.currentTime > MAX_LAG_S) element.currentTime = Math.max(start, end - 0.5);
  if (!buffer.updating && element.currentTime - start > KEEP_S * 2) buffer.remove(start, element.currentTime - KEEP_S);
}

/** `avc1.PPCCLL` from the init segment's avcC box (profile, constraints, level), as MSE wants the codec named. */
function avcCodec(bytes: Uint8Array): string | null {
  for (let i = 4; i + 8 <= bytes.length; i++) {
    if (bytes[i] === 0x61 && bytes[i + 1] === 0x76 && bytes[i + 2] === 0x63 && bytes[i + 3] === 0x43) {
      const hex = [bytes[i + 5], bytes[i + 6], bytes[i + 7]].map((b) => (b ?? 0).toString(16).padStart(2, '0')).join('');
      return `avc1.${hex}`;
    }
  }
  return null;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
