import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DetectorConfigSchema } from '../config/sections/detector-config.js';
import { parseConfigSection } from '../config/schema.js';
import { detectSize, openMediaScan, scanOptionsFrom, type ScanEngine } from '../detect/media-scan.js';
import type { DetectStrategy } from '../detect/region-plan.js';
import { loadScanEngine } from '../detect/scan-engine.js';
import { createLogger } from '../logging/logger.js';
import { ffmpegToolsFromEnv, type FfmpegTools } from '../media/ffmpeg-tools.js';
import { sampleFrames } from '../media/frame-sampler.js';
import type { Benchmark, BenchFigure } from './bench-figure.js';
import { endedChildrenCpuS } from './children-cpu.js';

/** Where Debian's opencv-doc puts OpenCV's vtest.avi (768x576, people walking across a square); HOMESEC_VTEST_AVI overrides. */
const VTEST = ['/usr/share/doc/opencv-doc/examples/data/vtest.avi', '/usr/share/opencv4/samples/data/vtest.avi'];
/** 20 s of the footage from 20 s in, where three to eight people walk in every frame; 10 fps like a camera's detect stream. */
const WINDOW = { start: 20, seconds: 20, fps: 10 };
const SAMPLE_FPS = 2;
/** The footage sits off-centre, as a gate or path seen by a wide camera would. */
const FRAMES = [
  { name: '1440p', size: '2560x1440', x: 1500, y: 700, target: 0.9 },
  { name: '4K', size: '3840x2160', x: 2400, y: 1200, target: 0.8 },
] as const;

interface Pass {
  readonly persons: number;
  readonly frames: number;
  /** Detector process CPU (main thread + inference workers) and its ffmpeg, seconds. */
  readonly cpuS: number;
}

/**
 * Far recall (issue 26): the same people, placed unchanged into 2560x1440 and 3840x2160 grey frames
 * (as a higher-resolution camera sees people farther away), counted per sampled frame against the
 * footage alone; with the CPU per second of motion of the default strategy, of the whole-frame
 * detector, and of ffmpeg decoding the detect frames alone.
 */
export const farRecallBench: Benchmark = async (context) => {
  const vtest = [process.env.HOMESEC_VTEST_AVI ?? '', ...VTEST].find((p) => p !== '' && existsSync(p));
  if (!vtest) throw new Error('needs OpenCV vtest.avi: apt-get install opencv-doc (or set HOMESEC_VTEST_AVI)');
  const tools = ffmpegToolsFromEnv();
  const config = parseConfigSection(DetectorConfigSchema, { labels: ['person'], early_exit: false, sample_fps: SAMPLE_FPS });
  const { engine, pool } = await loadScanEngine(config, { dataDir: context.scratchDir, tools, log: createLogger('warn', process.stderr) });
  try {
    context.log('far-recall: the footage alone');
    const alone = makeClip(tools, vtest, join(context.scratchDir, 'alone.mp4'), null);
    const reference = await detectPass(engine, alone, 'whole', config);
    const figures: BenchFigure[] = [
      {
        name: 'far-recall: persons in the footage alone (768x576)',
        value: reference.persons,
        unit: 'persons',
        notes: `${reference.frames} frames at ${SAMPLE_FPS} fps, whole frame`,
      },
    ];
    for (const frame of FRAMES) {
      context.log(`far-recall: ${frame.name}: making the clip`);
      const clip = makeClip(tools, vtest, join(context.scratchDir, `${frame.name}.mp4`), frame);
      context.log(`far-recall: ${frame.name}: default strategy, whole frame, decoding alone`);
      const auto = await detectPass(engine, clip, 'auto', config);
      const whole = await detectPass(engine, clip, 'whole', config);
      const decodeS = await decodeCpuS(tools, clip, frame.size, config.detectWidth);
      figures.push(...frameFigures(frame, reference, auto, whole, decodeS));
    }
    return figures;
  } finally {
    await pool.close();
  }
};

function frameFigures(frame: (typeof FRAMES)[number], reference: Pass, auto: Pass, whole: Pass, decodeS: number): BenchFigure[] {
  const perMotionS = (cpuS: number) => cpuS / WINDOW.seconds;
  return [
    {
      name: `far-recall ${frame.name}: persons found / footage alone`,
      value: (100 * auto.persons) / reference.persons,
      unit: '%',
      target: `>= ${frame.target * 100} %`,
      reference: { name: 'whole frame', value: (100 * whole.persons) / reference.persons, unit: '%' },
      notes: `${auto.persons} vs ${reference.persons} persons over ${auto.frames} frames; whole frame ${whole.persons}`,
    },
    {
      name: `far-recall ${frame.name}: detector CPU per s of motion`,
      value: perMotionS(auto.cpuS),
      unit: 'CPU s/s',
      reference: { name: 'whole frame', value: perMotionS(whole.cpuS), unit: 'CPU s/s' },
      notes: `ffmpeg decoding the ${SAMPLE_FPS} fps detect frames alone: ${perMotionS(decodeS).toFixed(3)} CPU s/s (included in both)`,
    },
  ];
}

/** The footage window, alone or placed at (x, y) in a grey frame, H.264 at 10 fps. */
function makeClip(tools: FfmpegTools, vtest: string, out: string, frame: { size: string; x: number; y: number } | null): string {
  const input = ['-ss', String(WINDOW.start), '-t', String(WINDOW.seconds), '-i', vtest];
  const graph = frame
    ? [
        '-f',
        'lavfi',
        '-i',
        `color=c=gray:s=${frame.size}:r=${WINDOW.fps}`,
        '-filter_complex',
        `[1:v][0:v]overlay=${frame.x}:${frame.y}:shortest=1,format=yuv420p`,
      ]
    : ['-vf', `fps=${WINDOW.fps},format=yuv420p`];
  const run = spawnSync(tools.ffmpeg, [
    ...['-hide_banner', '-loglevel', 'error', '-y', ...input, ...graph],
    ...['-an', '-r', String(WINDOW.fps), '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-g', String(WINDOW.fps * 2), out],
  ]);
  if (run.status !== 0) throw new Error(`ffmpeg could not make ${out}: ${run.stderr.toString()}`);
  return out;
}

async function detectPass(
  engine: ScanEngine,
  clip: string,
  strategy: DetectStrategy,
  config: Parameters<typeof scanOptionsFrom>[0],
): Promise<Pass> {
  const before = cpuNow();
  const scan = await openMediaScan(engine, clip, { ...scanOptionsFrom(config), strategy, maxFrames: 10_000 });
  let persons = 0;
  let frames = 0;
  for await (const frame of scan.frames()) {
    frames += 1;
    persons += frame.detections.filter((d) => d.label === 'person').length;
  }
  return { persons, frames, cpuS: cpuNow() - before };
}

/** ffmpeg decoding and scaling the same sampled frames to the detect size, nothing else. */
async function decodeCpuS(tools: FfmpegTools, clip: string, size: string, detectWidth: number): Promise<number> {
  const [w = 0, h = 0] = size.split('x').map(Number);
  const detect = detectSize(w, h, detectWidth);
  const before = cpuNow();
  const frames = sampleFrames(tools, clip, {
    fps: SAMPLE_FPS,
    sizeFilter: `scale=${detect.width}:${detect.height}:flags=bilinear`,
    width: detect.width,
    height: detect.height,
    pixelFormat: 'bgr24',
    maxFrames: 10_000,
  });
  for await (const frame of frames) void frame;
  return cpuNow() - before;
}

/** This process (all threads: the inference workers are threads) plus its ended children (ffmpeg). */
function cpuNow(): number {
  const own = process.cpuUsage();
  return (own.user + own.system) / 1e6 + (endedChildrenCpuS() ?? 0);
}
