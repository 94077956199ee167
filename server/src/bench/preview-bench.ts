import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SignalBus } from '../core/signal-bus.js';
import { createLogger } from '../logging/logger.js';
import { ffmpegToolsFromEnv } from '../media/ffmpeg-tools.js';
import { MediaStore } from '../media/media-store.js';
import { runProcess } from '../media/run-process.js';
import type { BenchFigure, Benchmark } from './bench-figure.js';
import { endedChildrenCpuS } from './children-cpu.js';

const CLIPS = 5;

/**
 * What the review grid's previews and the playable copies cost: the CPU seconds of the ffmpeg run that makes
 * a 4 s hover preview from pedestrians.mp4 (1280x720, 14 s), and of the H.264 copy of the same clip in H.265,
 * through MediaStore's renditions (one ffmpeg at a time), each made fresh for CLIPS clips.
 */
export const previewBench: Benchmark = async (context) => {
  if (!context.fixturesDir) throw new Error('needs ../shared/fixtures (pedestrians.mp4)');
  const root = join(context.scratchDir, 'preview-media');
  const log = createLogger('silent');
  const tools = ffmpegToolsFromEnv();
  const media = new MediaStore({ root, tools, offsite: null, bus: new SignalBus(log), log });
  media.start();
  const h265 = join(context.scratchDir, 'pedestrians-h265.mp4');
  await runProcess(tools.ffmpeg, [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-i', join(context.fixturesDir, 'pedestrians.mp4')],
    ...['-c:v', 'libx265', '-x265-params', 'log-level=error', '-tag:v', 'hvc1', '-an', h265],
  ]);
  const previews: number[] = [];
  const previewWall: number[] = [];
  const copies: number[] = [];
  try {
    for (let i = 0; i < CLIPS; i++) {
      const preview = place(root, `preview_${i}`, join(context.fixturesDir, 'pedestrians.mp4'));
      previews.push(await cpuOf(() => media.renditions.preview(preview, 2, 'now'), previewWall));
      const copy = place(root, `hevc_${i}`, h265);
      copies.push(await cpuOf(() => media.renditions.playable(copy, 'now')));
    }
  } finally {
    await media.stop();
  }
  const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  context.log(
    `previews: ${previews.map((v) => v.toFixed(2)).join(', ')} CPU s; H.264 copies: ${copies.map((v) => v.toFixed(2)).join(', ')} CPU s`,
  );
  const figures: BenchFigure[] = [
    {
      name: 'review.preview_cpu_s_per_clip',
      value: mean(previews),
      unit: 'CPU s',
      notes: `4 s preview (480 px wide, 12 fps, H.264) from a 1280x720 clip, mean of ${CLIPS}; made once per clip, one ffmpeg at a time`,
    },
    {
      name: 'review.preview_wall_ms',
      value: mean(previewWall),
      unit: 'ms',
      notes: 'what the first hover of a card waits when no preview was made ahead',
    },
    {
      name: 'review.playable_copy_cpu_s_per_clip',
      value: mean(copies),
      unit: 'CPU s',
      notes: `H.264 copy of a 14 s 1280x720 H.265 clip (libx264 veryfast, 2 threads), mean of ${CLIPS}; once per clip, on first play or when its event alerts`,
    },
  ];
  return figures;
};

function place(root: string, id: string, source: string): { id: string; mediaPath: string } {
  const mediaPath = `bench/2026-01-01/${id}.mp4`;
  mkdirSync(join(root, 'bench', '2026-01-01'), { recursive: true });
  copyFileSync(source, join(root, mediaPath));
  return { id, mediaPath };
}

async function cpuOf(work: () => Promise<unknown>, wall?: number[]): Promise<number> {
  const before = endedChildrenCpuS();
  const started = performance.now();
  await work();
  wall?.push(performance.now() - started);
  const after = endedChildrenCpuS();
  if (before === null || after === null) throw new Error('needs Linux /proc to read the CPU time of ffmpeg runs');
  return after - before;
}
