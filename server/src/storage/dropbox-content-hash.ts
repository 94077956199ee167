import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Dropbox hashes files in blocks of 4 MiB. */
export const DROPBOX_BLOCK_BYTES = 4 * 1024 * 1024;

/**
 * Dropbox's content_hash of a local file: SHA-256 of each 4 MiB block, then SHA-256 of those digests
 * concatenated, in hex. Equal hashes mean the copy in Dropbox is byte for byte the local file.
 */
export async function dropboxContentHash(path: string, signal?: AbortSignal): Promise<string> {
  const overall = createHash('sha256');
  let block = createHash('sha256');
  let inBlock = 0;
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024, ...(signal ? { signal } : {}) });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(DROPBOX_BLOCK_BYTES - inBlock, chunk.length - offset);
      block.update(chunk.subarray(offset, offset + take));
      inBlock += take;
      offset += take;
      if (inBlock === DROPBOX_BLOCK_BYTES) {
        overall.update(block.digest());
        block = createHash('sha256');
        inBlock = 0;
      }
    }
  }
  if (inBlock > 0) overall.update(block.digest());
  return overall.digest('hex');
}
