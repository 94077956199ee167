import { join } from 'node:path';
import { RtspCameraSchema } from '../config/sections/camera-config.js';
import { ffmpegToolsFromEnv, type FfmpegTools } from '../media/ffmpeg-tools.js';
import { runProcess } from '../media/run-process.js';
import { FfmpegProcess } from '../sources/rtsp/stream/ffmpeg-process.js';
import { FrameSplitter } from '../sources/rtsp/stream/frame-splitter.js';
import { MotionDetector, type MotionDetectorOptions } from '../sources/rtsp/stream/motion-detector.js';
import { motionOutputArgs, MOTION_DECODER_ARGS } from '../sources/rtsp/stream/camera-session.js';
import type { BenchContext, BenchFigure, Benchmark } from './bench-figure.js';

// Five minutes, so process start and JIT warm-up do not dominate what a camera costs all day.
const STREAM_S = 300;
const FPS = 5;
/** The defaults of `motion` in the RTSP camera config, read from the schema so the two never drift. */
const DEFAULTS = RtspCameraSchema.parse({ name: 'bench', source: 'rtsp', url: 'rtsp://bench/stream' }).motion;
const MOTION: MotionDetectorOptions = {
  width: DEFAULTS.width,
  height: DEFAULTS.height,
  pixelThreshold: DEFAULTS.pixel_threshold,
  minChangedPct: DEFAULTS.min_changed_pct,
  minArea: DEFAULTS.min_area,
  lightChangePct: DEFAULTS.light_change_pct,
  recordingSensitivity: DEFAULTS.recording_sensitivity,
  mask: [],
};
const BLUR = DEFAULTS.blur;
const ROUNDS = 3;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * CPU cost of RTSP motion detection per minute of a 640x360 5 fps stream: HomeSec's part (reading
 * grey frames from the pipe, blur, differencing) next to ffmpeg decoding the same stream alone.
 */
export const rtspMotionBench: Benchmark = async (context) => {
  const tools = ffmpegToolsFromEnv();
  const stream = await makeStream(tools, context);
  // Same decoder settings as the motion reader (one thread), so only the added work differs. CPU
  // time on a shared 2-core box swings by a third between runs: interleave rounds, take medians.
  const decodeRuns: number[] = [];
  const motionRuns: Awaited<ReturnType<typeof measureMotionPipeline>>[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    decodeRuns.push(await ffmpegCpuSeconds(tools, ['-threads', '1', '-i', stream, '-f', 'null', '-']));
    motionRuns.push(await measureMotionPipeline(tools, stream));
  }
  const decodeOnly = median(decodeRuns);
  const motion = {
    ffmpegCpuS: median(motionRuns.map((m) => m.ffmpegCpuS)),
    nodeCpuS: median(motionRuns.map((m) => m.nodeCpuS)),
    frames: motionRuns[0]?.frames ?? 0,
    motionFrames: motionRuns[0]?.motionFrames ?? 0,
  };
  const perMinute = 60 / STREAM_S;
  const decodeRef = {
    name: 'ffmpeg decoding the same 640x360 5 fps stream alone (1 thread)',
    value: round(decodeOnly * perMinute),
    unit: 'CPU s/min of stream',
  };
  // What motion detection adds on top of decoding: ffmpeg's scaling and blur, plus everything in Node.
  const added = Math.max(0, motion.ffmpegCpuS - decodeOnly) + motion.nodeCpuS;
  context.log(`rtsp motion: ${motion.frames} frames, ${motion.motionFrames} with motion`);
  const figures: BenchFigure[] = [
    {
      name: 'rtsp motion: CPU added on top of decoding (ffmpeg scale+blur, Node pipe read + differencing)',
      value: round(added * perMinute),
      unit: 'CPU s/min of stream',
      reference: decodeRef,
      target: 'adds at most 20% on top of decoding',
      notes: `adds ${((added / decodeOnly) * 100).toFixed(1)}% to decoding (medians of ${ROUNDS} interleaved rounds)`,
    },
    {
      name: 'rtsp motion: Node share (pipe read, frame split, differencing)',
      value: round(motion.nodeCpuS * perMinute),
      unit: 'CPU s/min of stream',
      reference: decodeRef,
      notes: `${((motion.nodeCpuS / decodeOnly) * 100).toFixed(1)}% of decoding; ${((motion.nodeCpuS * 1e6) / Math.max(1, motion.frames)).toFixed(0)} us per ${MOTION.width}x${MOTION.height} frame`,
    },
    {
      name: 'rtsp motion: the motion ffmpeg process (decode, scale, grey, blur, pipe)',
      value: round(motion.ffmpegCpuS * perMinute),
      unit: 'CPU s/min of stream',
      reference: decodeRef,
    },
  ];
  return figures;
};

/** Five minutes of 640x360 5 fps H.264 from the pedestrians fixture (or a test pattern without fixtures). */
async function makeStream(tools: FfmpegTools, context: BenchContext): Promise<string> {
  const out = join(context.scratchDir, 'rtsp-motion-640x360-5fps.mp4');
  const input = context.fixturesDir
    ? ['-stream_loop', '-1', '-i', join(context.fixturesDir, 'pedestrians.mp4')]
    : ['-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=${FPS}`];
  if (!context.fixturesDir) context.log('fixtures not found: rtsp motion uses a lavfi test pattern');
  await runProcess(
    tools.ffmpeg,
    [
      '-nostdin',
      '-v',
      'error',
      '-y',
      ...input,
      '-t',
      String(STREAM_S),
      '-an',
      '-vf',
      `scale=640:360,fps=${FPS}`,
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-g',
      String(FPS * 2),
      '-pix_fmt',
      'yuv420p',
      out,
    ],
    { timeoutMs: 300_000 },
  );
  return out;
}

/** User + system CPU seconds ffmpeg reports with -benchmark. */
async function ffmpegCpuSeconds(tools: FfmpegTools, args: readonly string[]): Promise<number> {
  const { stderr } = await runProcess(tools.ffmpeg, ['-nostdin', '-hide_banner', '-nostats', '-benchmark', ...args], {
    timeoutMs: 300_000,
  });
  return parseBenchmark(stderr);
}

function parseBenchmark(stderr: string): number {
  const m = /bench: utime=([\d.]+)s stime=([\d.]+)s/.exec(stderr);
  if (!m) throw new Error('ffmpeg -benchmark printed no CPU times');
  return Number(m[1]) + Number(m[2]);
}

interface MotionRun {
  readonly nodeCpuS: number;
  readonly ffmpegCpuS: number;
  readonly frames: number;
  readonly motionFrames: number;
}

/** Runs the motion reader's ffmpeg command on the file and the real splitter + detector in this process. */
async function measureMotionPipeline(tools: FfmpegTools, stream: string): Promise<MotionRun> {
  const detector = new MotionDetector(MOTION);
  const splitter = new FrameSplitter(detector.frameBytes);
  let frames = 0;
  let motionFrames = 0;
  const before = process.cpuUsage();
  const ffmpeg = FfmpegProcess.start(
    tools.ffmpeg,
    [
      '-nostdin',
      '-hide_banner',
      '-nostats',
      '-benchmark',
      '-threads',
      '1',
      ...MOTION_DECODER_ARGS,
      '-i',
      stream,
      ...motionOutputArgs({ fps: FPS, width: MOTION.width, height: MOTION.height, blur: BLUR }),
    ],
    {
      onStdout: (chunk) =>
        splitter.push(chunk, (frame) => {
          frames++;
          if (detector.analyse(frame, false).motion) motionFrames++;
        }),
    },
  );
  const exit = await ffmpeg.exited;
  const used = process.cpuUsage(before);
  if (exit.code !== 0) throw new Error(`ffmpeg failed in the motion benchmark: ${exit.spawnError ?? exit.stderrTail}`);
  return { nodeCpuS: (used.user + used.system) / 1e6, ffmpegCpuS: parseBenchmark(exit.stderrTail), frames, motionFrames };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
