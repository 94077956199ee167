// Test footage made from what the README's install lines put on the machine, so a fresh clone needs
// nothing beside the checkout: people walking across a campus square come from OpenCV's vtest.avi
// (Debian's opencv-doc, Apache-2.0 AND BSD-3-Clause per its copyright file), the empty scene is drawn
// by ffmpeg. Each is made once into <repo>/.tmp/fixtures (gitignored); a changed recipe gets a new name.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where Debian's (and Ubuntu's) opencv-doc puts OpenCV's samples/data/vtest.avi; HOMESEC_VTEST_AVI overrides. */
export const VTEST_AVI_PATHS = ['/usr/share/doc/opencv-doc/examples/data/vtest.avi', '/usr/share/opencv4/samples/data/vtest.avi'];

/** The clip's window in vtest.avi: 13.6 s from 20 s in, where three to eight people walk in every frame. */
const WINDOW = { start: 20, seconds: 13.6 };
/** Pillarboxed to 1280x720 (its 4:3 picture scaled to 960x720, not stretched), 25 fps like a camera's clip. */
const PILLARBOX = 'scale=960:720:flags=bicubic,pad=1280:720:160:0:black,fps=25,format=yuv420p';

interface Recipe {
  /** ffmpeg arguments without the output path. */
  readonly args: (vtest: () => string) => readonly string[];
  readonly format: string;
}

const RECIPES = {
  /** 13.6 s, 1280x720, 25 fps H.264, no audio: people walking across a square seen from above (vtest.avi). */
  'pedestrians.mp4': {
    args: (vtest) => [
      ...['-ss', String(WINDOW.start), '-t', String(WINDOW.seconds), '-i', vtest()],
      ...['-an', '-vf', PILLARBOX, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-g', '50'],
      ...['-movflags', '+faststart'],
    ],
    format: 'mp4',
  },
  /** 768x576 JPEG still of the clip's first frame: several people (and a parked van and car). */
  'pedestrians.jpg': {
    args: (vtest) => ['-ss', String(WINDOW.start), '-i', vtest(), '-frames:v', '1', '-q:v', '3'],
    format: 'mjpeg',
  },
  /** 8 s, 1280x720, 15 fps H.264: an empty grey floor with slowly changing light and sensor noise. */
  'empty_scene.mp4': {
    args: () => [
      ...['-f', 'lavfi', '-i', 'color=c=0x6b6660:s=1280x720:r=15:d=8'],
      ...['-vf', "format=yuv420p,noise=alls=6:allf=t,eq=brightness='0.1*sin(2*PI*t/5)':eval=frame"],
      ...['-an', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '30', '-g', '30', '-movflags', '+faststart'],
    ],
    format: 'mp4',
  },
} satisfies Record<string, Recipe>;

export type FixtureName = keyof typeof RECIPES;
export const FIXTURE_NAMES = Object.keys(RECIPES) as FixtureName[];

/** Folder the fixtures are made in (paths.ts re-exports fixture(), so the checkout is found here too). */
export const FIXTURES_DIR = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), '.tmp', 'fixtures');

/** Path of a test fixture, made first when missing; fails with what to install when it cannot be. */
export function fixture(name: FixtureName): string {
  const path = join(FIXTURES_DIR, name);
  if (!existsSync(path)) make(name, path);
  return path;
}

/** Makes every fixture (vitest's global setup, before the workers start). */
export function ensureFixtures(): void {
  for (const name of FIXTURE_NAMES) fixture(name);
}

/** Path of OpenCV's vtest.avi on this machine. */
export function vtestAvi(): string {
  const override = process.env.HOMESEC_VTEST_AVI;
  const found = (override ? [override] : VTEST_AVI_PATHS).find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `missing OpenCV's vtest.avi (looked in ${(override ? [override] : VTEST_AVI_PATHS).join(', ')}): ` +
        "install Debian's opencv-doc package (apt-get install opencv-doc), as the README says",
    );
  }
  return found;
}

function make(name: FixtureName, path: string): void {
  mkdirSync(FIXTURES_DIR, { recursive: true });
  const recipe: Recipe = RECIPES[name];
  // Written beside and renamed into place: two test workers making the same file never see half of it.
  const part = `${path}.${process.pid}.part`;
  const args = ['-nostdin', '-v', 'error', '-y', ...recipe.args(vtestAvi), '-f', recipe.format, part];
  const run = spawnSync('ffmpeg', args, { encoding: 'utf8', timeout: 300_000 });
  if (run.error || run.status !== 0) {
    rmSync(part, { force: true });
    const why = run.error ? `${run.error.message} (install ffmpeg)` : run.stderr.trim();
    throw new Error(`cannot make test fixture ${name}: ${why}`);
  }
  renameSync(part, path);
}
