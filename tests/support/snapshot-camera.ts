import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ffmpegToolsFromEnv } from '../../server/src/media/ffmpeg-tools.js';
import { fixture } from './paths.js';
import { makeTempDir } from './temp-dir.js';

/**
 * A camera that gives only snapshots (what Core's camera_proxy returns for it): the people-walking
 * footage as JPEGs, 640x360, two a second. `still` always returns the first picture; `motion` returns
 * the next picture at each request, so every poll sees the people a little further on.
 */
export interface SnapshotCamera {
  picture(): Buffer;
  setScene(scene: 'still' | 'motion'): void;
  close(): void;
}

export function startSnapshotCamera(): SnapshotCamera {
  const temp = makeTempDir('homesec-snapshots-');
  const made = spawnSync(
    ffmpegToolsFromEnv().ffmpeg,
    ['-v', 'error', '-i', fixture('pedestrians.mp4'), '-t', '20', '-vf', 'fps=2,scale=640:360', '-q:v', '4', join(temp.path, 'p%04d.jpg')],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`cannot make the snapshots: ${made.stderr}`);
  const pictures = readdirSync(temp.path)
    .filter((name) => name.endsWith('.jpg'))
    .sort()
    .map((name) => readFileSync(join(temp.path, name)));
  const first = pictures[0];
  if (!first || pictures.length < 2) throw new Error('too few snapshots made');
  let scene: 'still' | 'motion' = 'still';
  let next = 0;
  return {
    picture() {
      if (scene === 'still') return first;
      next = (next + 1) % pictures.length;
      return pictures[next] ?? first;
    },
    setScene(s) {
      scene = s;
    },
    close: () => temp.remove(),
  };
}
