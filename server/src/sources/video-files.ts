import { extname } from 'node:path';

/** Extensions cameras and NVRs write clips with. */
export const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set([
  '.mp4',
  '.m4v',
  '.mov',
  '.mkv',
  '.avi',
  '.ts',
  '.mts',
  '.264',
  '.h264',
  '.265',
  '.h265',
  '.flv',
  '.webm',
  '.3gp',
  '.asf',
  '.dav',
]);

export function isVideoFile(name: string): boolean {
  return VIDEO_EXTENSIONS.has(extname(name).toLowerCase()) && !name.startsWith('.');
}
