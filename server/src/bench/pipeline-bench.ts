import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { HomesecApp } from '../app.js';
import { ConfigSchema } from '../config/schema.js';
import { camelCaseKeys } from '../config/camel-case-keys.js';
import type { HomesecConfig } from '../config/schema.js';
import { createLogger } from '../logging/logger.js';
import type { BenchFigure, Benchmark } from './bench-figure.js';
import { listChildProcesses } from './child-processes.js';

const BURST = 50;

/** Clips per minute through the whole pipeline (detection off) and the peak of concurrent ffmpeg/ffprobe during a burst. */
export const pipelineBench: Benchmark = async (context) => {
  if (!context.fixturesDir) throw new Error('needs ../shared/fixtures (empty_scene.mp4)');
  const parsed = ConfigSchema.parse({
    data_dir: join(context.scratchDir, 'pipeline'),
    cameras: [{ name: 'bench', source: 'folder' }],
    detector: { enabled: false },
    log_level: 'silent',
  });
  const config: HomesecConfig = camelCaseKeys({ ...parsed, media_dir: join(context.scratchDir, 'pipeline', 'media') });
  const app = HomesecApp.oneshot({ config, log: createLogger('silent') });
  const { pipeline } = await app.start(new AbortController().signal);
  const { intake } = pipeline;
  const files = Array.from({ length: BURST }, (_, i) => {
    const path = join(context.scratchDir, `burst-${i}.mp4`);
    copyFileSync(join(context.fixturesDir ?? '', 'empty_scene.mp4'), path);
    return path;
  });
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, listChildProcesses().filter((c) => c.command === 'ffmpeg' || c.command === 'ffprobe').length);
  }, 10);
  const started = performance.now();
  try {
    const now = new Date();
    await Promise.all(
      files.map((path) =>
        intake.accept({ camera: 'bench', path, source: 'cli', originalName: 'burst.mp4', startedAt: now, endedAt: now, consume: true }),
      ),
    );
    await pipeline.idle();
  } finally {
    clearInterval(sampler);
    await app.stop();
  }
  const minutes = (performance.now() - started) / 60_000;
  const figures: BenchFigure[] = [
    {
      name: 'pipeline.clips_per_minute',
      value: BURST / minutes,
      unit: 'clips/min',
      notes: `burst of ${BURST} 8 s clips, detection off: probe, store, thumbnail, stages, done`,
    },
    {
      name: 'pipeline.peak_ffmpeg_processes',
      value: peak,
      unit: 'processes',
      target: `bounded by intake_workers (${config.pipeline.intakeWorkers}), not ${BURST}`,
    },
  ];
  return figures;
};
