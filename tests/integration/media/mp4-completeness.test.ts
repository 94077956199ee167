import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mp4Completeness } from '../../../server/src/media/mp4-completeness.js';
import { fixture } from '../../support/paths.js';
import { makeTempDir } from '../../support/temp-dir.js';

const tmp = makeTempDir('homesec-mp4-boxes-');
afterAll(() => tmp.remove());

/** Remuxes the fixture with ffmpeg (no re-encode) into another layout or container. */
function remux(name: string, args: string[]): string {
  const out = join(tmp.path, name);
  const r = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', fixture('empty_scene.mp4'), '-c', 'copy', ...args, out], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`ffmpeg failed (apt-get install ffmpeg): ${r.stderr}`);
  return out;
}

describe('mp4Completeness', () => {
  it('says a whole MP4 is complete, with the index at the front or at the end', async () => {
    // Given the fixture, and a copy written the way cameras do (index last)
    const indexLast = remux('index-last.mp4', ['-f', 'mp4']);
    const indexFirst = remux('index-first.mp4', ['-movflags', '+faststart', '-f', 'mp4']);
    // Then both read as complete
    expect(await mp4Completeness(indexLast)).toBe('complete');
    expect(await mp4Completeness(indexFirst)).toBe('complete');
  });

  it('says a file cut anywhere is incomplete: in the middle of the video, or before its index', async () => {
    // Given a camera-style MP4 cut at half its length, and one cut right before the index
    const whole = readFileSync(remux('whole.mp4', ['-f', 'mp4']));
    const half = join(tmp.path, 'half.mp4');
    writeFileSync(half, whole.subarray(0, Math.floor(whole.length / 2)));
    const moovAt = whole.indexOf(Buffer.from('moov')) - 4;
    const noIndex = join(tmp.path, 'no-index.mp4');
    writeFileSync(noIndex, whole.subarray(0, moovAt));
    // Then both are incomplete
    expect(moovAt).toBeGreaterThan(0);
    expect(await mp4Completeness(half)).toBe('incomplete');
    expect(await mp4Completeness(noIndex)).toBe('incomplete');
  });

  it('cannot tell for fragmented MP4, Matroska or a missing file: unknown (or incomplete when missing)', async () => {
    // Given a fragmented MP4 and an MKV of the same video
    const fragmented = remux('fragmented.mp4', ['-movflags', 'frag_keyframe+empty_moov', '-f', 'mp4']);
    const mkv = remux('clip.mkv', ['-f', 'matroska']);
    // Then their completeness is not read from boxes; a missing file is not complete
    expect(await mp4Completeness(fragmented)).toBe('unknown');
    expect(await mp4Completeness(mkv)).toBe('unknown');
    expect(await mp4Completeness(join(tmp.path, 'nothing.mp4'))).toBe('incomplete');
    copyFileSync(fixture('pedestrians.jpg'), join(tmp.path, 'photo.mp4'));
    expect(await mp4Completeness(join(tmp.path, 'photo.mp4'))).toBe('unknown');
  });
});
