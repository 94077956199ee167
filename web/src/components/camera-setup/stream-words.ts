import type { FoundStream, ProbeAttempt } from '../../camera-setup-contract';

const CODECS: Readonly<Record<string, string>> = { h264: 'H.264', hevc: 'H.265', h265: 'H.265', mjpeg: 'MJPEG', mpeg4: 'MPEG-4' };

/** `h264` -> `H.264`; a codec not listed keeps ffmpeg's name. */
export function codecName(codec: string): string {
  return CODECS[codec] ?? codec.toUpperCase();
}

/** "H.264 · 2560 × 1440 · 25 fps", leaving out what ffprobe could not tell. */
export function streamFacts(stream: FoundStream): string {
  const parts = [codecName(stream.codec)];
  if (stream.width !== null && stream.height !== null) parts.push(`${stream.width} × ${stream.height}`);
  if (stream.fps !== null) parts.push(`${Math.round(stream.fps * 10) / 10} fps`);
  return parts.join(' · ');
}

/** The path part of `rtsp://host:554/h264Preview_01_main` (a stream URL never holds a login). */
export function streamPath(url: string): string {
  return /^[a-z]+:\/\/[^/]*(\/.*)?$/i.exec(url)?.[1] ?? '/';
}

/** How HomeSec found the stream: "over ONVIF (profile MainStream)" or "at Reolink's path /h264Preview_01_main". */
export function howFound(stream: FoundStream): string {
  return stream.method === 'onvif'
    ? `Found over ONVIF (profile ${stream.label})`
    : `Found at ${stream.method === 'generic' ? 'a common' : `${stream.method}’s`} path ${streamPath(stream.url)}`;
}

/** A stream's short name for a choice: "main · H.264 · 2560 × 1440 · 25 fps". */
export function streamTitle(stream: FoundStream): string {
  return `${stream.label} · ${streamFacts(stream)}`;
}

const OUTCOMES: Readonly<Record<ProbeAttempt['outcome'], string>> = {
  found: 'found',
  unauthorized: 'user name or password refused',
  not_found: 'no stream there',
  timeout: 'no answer in time',
  unreachable: 'could not connect',
  error: 'failed',
};

export function outcomeWords(outcome: ProbeAttempt['outcome']): string {
  return OUTCOMES[outcome];
}
