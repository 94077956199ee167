import { open } from 'node:fs/promises';

/** `complete`: every top-level box is whole and the index (moov) is there; `unknown`: not a plain MP4/MOV. */
export type Mp4Completeness = 'complete' | 'incomplete' | 'unknown';

const MAX_BOXES = 10_000;

/**
 * Whether an MP4 or MOV file has been written to the end, from its top-level boxes alone (a few small
 * reads): the sizes must add up to the file's size exactly and the index (moov) must be among them.
 * A writer still busy leaves the last box short, or the index missing (it comes last). Fragmented MP4
 * can end at any fragment, so it is `unknown`, as is anything that is not an MP4 (AVI, MKV, TS).
 */
export async function mp4Completeness(path: string): Promise<Mp4Completeness> {
  const file = await open(path, 'r').catch(() => null);
  if (!file) return 'incomplete';
  try {
    const size = (await file.stat()).size;
    const header = Buffer.alloc(16);
    let offset = 0;
    let sawMoov = false;
    for (let boxes = 0; offset < size && boxes < MAX_BOXES; boxes++) {
      const { bytesRead } = await file.read(header, 0, 16, offset);
      if (bytesRead < 8) return 'incomplete';
      const type = header.toString('latin1', 4, 8);
      if (boxes === 0 && type !== 'ftyp' && type !== 'moov' && type !== 'mdat' && type !== 'wide' && type !== 'free') return 'unknown';
      if (type === 'moof') return 'unknown';
      if (type === 'moov') sawMoov = true;
      let boxSize = header.readUInt32BE(0);
      if (boxSize === 1) {
        if (bytesRead < 16) return 'incomplete';
        boxSize = Number(header.readBigUInt64BE(8));
      } else if (boxSize === 0) {
        // "To the end of the file": a writer that has not patched the size in yet.
        return 'incomplete';
      }
      if (boxSize < 8) return 'unknown';
      offset += boxSize;
    }
    return offset === size && sawMoov ? 'complete' : 'incomplete';
  } finally {
    await file.close();
  }
}
