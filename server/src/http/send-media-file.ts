import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { parseByteRange } from './byte-range.js';
import type { MediaFile } from '../media/media-paths.js';

/**
 * Streams a media file with Range support (206 slices, 416 past the end) so browsers and phones can seek,
 * plus ETag/Last-Modified so a revisit is a 304.
 */
export async function sendMediaFile(req: Request, res: Response, file: MediaFile): Promise<void> {
  // Strong validator: clip files are written once, so size + mtime identify the bytes.
  const etag = `"${file.size.toString(16)}-${Math.floor(file.mtime.getTime()).toString(16)}"`;
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', file.mtime.toUTCString());
  res.setHeader('Cache-Control', 'private, max-age=3600');
  res.setHeader('Content-Type', file.contentType);

  if (notModified(req, etag, file.mtime)) {
    res.status(304).end();
    return;
  }
  const rangeHeader = rangeApplies(req, etag, file.mtime) ? req.headers.range : undefined;
  const range = parseByteRange(rangeHeader, file.size);
  if (range.kind === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${file.size}`);
    res.removeHeader('Content-Type');
    res.status(416).end();
    return;
  }
  const start = range.kind === 'partial' ? range.start : 0;
  const end = range.kind === 'partial' ? range.end : file.size - 1;
  if (range.kind === 'partial') {
    res.status(206);
    res.setHeader('Content-Range', `bytes ${start}-${end}/${file.size}`);
  } else {
    res.status(200);
  }
  res.setHeader('Content-Length', String(Math.max(0, end - start + 1)));
  if (req.method === 'HEAD' || file.size === 0) {
    res.end();
    return;
  }
  try {
    await pipeline(createReadStream(file.path, { start, end }), res);
  } catch (e) {
    // A player that seeks closes the previous request mid-stream; that is normal, not a failure.
    if ((e as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw e;
  }
}

function notModified(req: Request, etag: string, mtime: Date): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) return ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
  const since = req.headers['if-modified-since'];
  return since !== undefined && Math.floor(mtime.getTime() / 1000) <= Math.floor(Date.parse(since) / 1000);
}

// If-Range: send the slice only if the client's copy is still the current one; otherwise the whole file.
function rangeApplies(req: Request, etag: string, mtime: Date): boolean {
  const ifRange = req.get('if-range');
  if (ifRange === undefined) return true;
  if (ifRange.startsWith('W/')) return false;
  if (ifRange.startsWith('"')) return ifRange === etag;
  return Math.floor(mtime.getTime() / 1000) <= Math.floor(Date.parse(ifRange) / 1000);
}
