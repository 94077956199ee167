import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { DetectorConfigSchema } from '../config/sections/detector-config.js';
import { parseConfigSection } from '../config/schema.js';
import { frameToTensor } from '../detect/frame-tensor.js';
import { computeLetterbox, letterboxFilter } from '../detect/letterbox.js';
import { openMediaScan, type ScanEngine } from '../detect/media-scan.js';
import type { ModelLayout } from '../detect/model-format.js';
import { loadScanEngine } from '../detect/scan-engine.js';
import { createLogger } from '../logging/logger.js';
import { ffmpegToolsFromEnv, type FfmpegTools } from '../media/ffmpeg-tools.js';
import { sampleFrames } from '../media/frame-sampler.js';
import { probeMedia } from '../media/probe-media.js';
import type { Benchmark, BenchFigure } from './bench-figure.js';
import { percentile } from '../metrics/percentile.js';

const WARMUP = 5;
const RUNS = 40;

/**
 * Detector speed: the full per-frame path (worker hand-off, tensor, ORT, decode, NMS) against a bare
 * `session.run` on the same tensor, and the wall time to filter pedestrians.mp4 at 2 fps against
 * ffmpeg decoding the same frames alone.
 */
export const detectorBench: Benchmark = async (context) => {
  if (!context.modelsDir || !context.fixturesDir) throw new Error('needs ../shared/models and ../shared/fixtures');
  const modelPath = join(context.modelsDir, 'yolox_nano.onnx');
  const tools = ffmpegToolsFromEnv();
  const config = parseConfigSection(DetectorConfigSchema, { model: modelPath, sample_fps: 2, early_exit: false });
  const { engine, pool } = await loadScanEngine(config, { dataDir: context.scratchDir, tools, log: createLogger('warn', process.stderr) });
  try {
    const frame = await letterboxedFrame(tools, join(context.fixturesDir, 'bus.jpg'), engine.layout);
    context.log('per-frame: full detector path');
    const full = await timeRuns(() => engine.pool.detect(frame.slice()));
    context.log('per-frame: raw session.run');
    const raw = await rawSessionRuns(modelPath, engine.layout, frame, config.threads);
    const clip = join(context.fixturesDir, 'pedestrians.mp4');
    context.log('pedestrians.mp4: filter at 2 fps, then ffmpeg decode alone');
    const filterS = await filterSeconds(engine, clip);
    const decodeS = await decodeSeconds(tools, clip, engine.layout);
    return figures(full, raw, filterS, decodeS);
  } finally {
    await pool.close();
  }
};

function figures(
  full: number[],
  raw: number[],
  filter: { seconds: number; frames: number; loopDelayMaxMs: number },
  decodeS: number,
): BenchFigure[] {
  const fullMs = percentile(full, 50);
  const rawMs = percentile(raw, 50);
  return [
    {
      name: 'detector full path per frame (p50)',
      value: fullMs,
      unit: 'ms',
      reference: { name: 'raw session.run, same tensor (p50)', value: rawMs, unit: 'ms' },
      notes: `p95 ${percentile(full, 95).toFixed(1)} ms vs raw ${percentile(raw, 95).toFixed(1)} ms; yolox_nano 416x416, bus.jpg`,
    },
    { name: 'detector full path / raw session.run', value: fullMs / rawMs, unit: 'x', target: '<= 1.3' },
    {
      name: 'filter pedestrians.mp4 at 2 fps (no early exit)',
      value: filter.seconds,
      unit: 's',
      reference: { name: 'ffmpeg decode + letterbox alone', value: decodeS, unit: 's' },
      notes: `${filter.frames} frames, 13.6 s 1280x720 clip`,
    },
    {
      name: 'event-loop delay while filtering (max)',
      value: filter.loopDelayMaxMs,
      unit: 'ms',
      reference: { name: 'one raw session.run, which would block the loop', value: rawMs, unit: 'ms' },
      notes: 'inference runs in worker threads; the HTTP server and sources keep their event loop',
    },
  ];
}

async function timeRuns(run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i += 1) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}

/** The reference: ORT alone, in this thread, with the same thread count and the same input tensor. */
async function rawSessionRuns(modelPath: string, layout: ModelLayout, frame: Uint8Array, threads: number): Promise<number[]> {
  const session = await ort.InferenceSession.create(modelPath, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const data = frameToTensor(frame, layout.inputWidth * layout.inputHeight, layout.pixelScale);
  const tensor = new ort.Tensor('float32', data, [1, 3, layout.inputHeight, layout.inputWidth]);
  try {
    return await timeRuns(() => session.run({ [layout.inputName]: tensor }));
  } finally {
    await session.release();
  }
}

async function letterboxedFrame(tools: FfmpegTools, image: string, layout: ModelLayout): Promise<Uint8Array<ArrayBuffer>> {
  const frames = sampleFrames(tools, image, await samplingFor(tools, image, layout, null));
  for await (const frame of frames) return frame.data;
  throw new Error(`no frame decoded from ${image}`);
}

async function samplingFor(tools: FfmpegTools, path: string, layout: ModelLayout, fps: number | null) {
  const info = await probeMedia(tools, path);
  if (!info.video) throw new Error(`${path} has no video`);
  const lb = computeLetterbox(info.video.width, info.video.height, layout.inputWidth, layout.inputHeight);
  const pixelFormat = layout.channelOrder === 'bgr' ? ('bgr24' as const) : ('rgb24' as const);
  return { fps, sizeFilter: letterboxFilter(lb), width: layout.inputWidth, height: layout.inputHeight, pixelFormat, maxFrames: 10_000 };
}

/** Also watches the event loop: inference runs in workers, so the loop should stay free while filtering. */
async function filterSeconds(engine: ScanEngine, clip: string): Promise<{ seconds: number; frames: number; loopDelayMaxMs: number }> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const started = performance.now();
  const scan = await openMediaScan(engine, clip, {
    sampleFps: 2,
    maxFrames: 10_000,
    minBoxRatio: 0.0005,
    strategy: 'whole',
    detectWidth: 1280,
    iouThreshold: 0.45,
  });
  let frames = 0;
  for await (const frame of scan.frames()) frames += frame.detections.length >= 0 ? 1 : 0;
  loop.disable();
  return { seconds: (performance.now() - started) / 1000, frames, loopDelayMaxMs: loop.max / 1e6 };
}

async function decodeSeconds(tools: FfmpegTools, clip: string, layout: ModelLayout): Promise<number> {
  const started = performance.now();
  let bytes = 0;
  for await (const frame of sampleFrames(tools, clip, await samplingFor(tools, clip, layout, 2))) bytes += frame.data.length;
  return bytes > 0 ? (performance.now() - started) / 1000 : Number.NaN;
}
