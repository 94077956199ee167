import { existsSync, statSync } from 'node:fs';
import { DetectorConfigSchema, type DetectorConfig } from '../config/sections/detector-config.js';
import { camelCaseKeys } from '../config/camel-case-keys.js';
import type { FrameDetections, ObjectCount } from '../core/detection.js';
import { LabelTracker } from '../detect/label-tracker.js';
import { describeObjectCounts } from '../detect/object-counts.js';
import { InputError } from '../core/errors.js';
import { openMediaScan, scanOptionsFrom, type ScanEngine } from '../detect/media-scan.js';
import { loadScanEngine, type LoadedEngine } from '../detect/scan-engine.js';
import { createLogger } from '../logging/logger.js';
import { ffmpegToolsFromEnv } from '../media/ffmpeg-tools.js';
import { FrameSampleError } from '../media/frame-sampler.js';
import type { CliCommand } from './cli-command.js';
import { loadConfigOrReport, parseCliArgs, printProblems } from './cli-args.js';

const USAGE = `usage: homesec detect [--model PATH] [--json] [options] INPUT...
  Runs object detection on images and videos (every sampled frame, no early exit).
  --model PATH      .onnx file or built-in name (default: detector.model from the config)
  --config PATH     take detector settings and data_dir from this config file
  --json            one JSON object per input: {input, frames: [{t, detections: [{label, score, box}]}],
                    objects: [{label, moving, stationary}] (tracked across frames), ms}
  --fps N           frames per second sampled from videos (default: detector.sample_fps)
  --min-score S     lowest score kept (default: detector.min_score)
  --labels a,b      labels kept (default: every COCO label, or detector.labels with --config)
  --strategy S      auto | whole | regions | tiles (default: detector.strategy); auto looks at a still
                    or a clip's first frame in tiles plus the whole frame, then around what moved
  --detect-width N  decode at most N px wide for detection (default: detector.detect_width)
`;

const OPTIONS = {
  model: { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean' },
  fps: { type: 'string' },
  'min-score': { type: 'string' },
  labels: { type: 'string' },
  strategy: { type: 'string' },
  'detect-width': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface InputReport {
  readonly input: string;
  readonly frames: FrameDetections[];
  /** Distinct objects tracked across the frames, as the service counts them for an event. */
  readonly objects: ObjectCount[];
  readonly ms: number;
}

export const detectCommand: CliCommand = {
  summary: 'detect objects in images and videos',
  async run(argv) {
    const args = parseCliArgs(argv, OPTIONS, true);
    if (!args || args.values.help || args.positionals.length === 0) {
      (args?.values.help ? process.stdout : process.stderr).write(USAGE);
      return args?.values.help ? 0 : 2;
    }
    const settings = detectorSettings(args.values);
    if (!settings.ok) return settings.code;
    const log = createLogger('warn', process.stderr);
    let loaded: LoadedEngine;
    try {
      loaded = await loadScanEngine(settings.config, { dataDir: settings.dataDir, tools: ffmpegToolsFromEnv(), log });
    } catch (e) {
      process.stderr.write(`homesec detect: ${(e as Error).message}\n`);
      return 1;
    }
    let failures = 0;
    try {
      for (const input of args.positionals) {
        const report = await detectInput(loaded.engine, input, settings.config);
        if (!report.ok) {
          failures += 1;
          process.stderr.write(`homesec detect: ${input}: ${report.message}\n`);
        } else {
          process.stdout.write(args.values.json ? `${JSON.stringify(report.value)}\n` : formatReport(report.value));
        }
      }
    } finally {
      await loaded.pool.close();
    }
    return failures > 0 ? 1 : 0;
  },
};

type Settings = { ok: true; config: DetectorConfig; dataDir: string } | { ok: false; code: number };

/** Detector settings: the config file when given (else defaults with every label), then the flags. */
function detectorSettings(values: {
  model?: string;
  config?: string;
  fps?: string;
  'min-score'?: string;
  labels?: string;
  strategy?: string;
  'detect-width'?: string;
}): Settings {
  let base: Record<string, unknown> = { labels: [] };
  let dataDir = './data';
  if (values.config) {
    const loaded = loadConfigOrReport(values.config);
    if (!loaded) return { ok: false, code: 2 };
    base = { ...loaded.config.detector };
    dataDir = loaded.config.dataDir;
  }
  const overrides = {
    ...(values.model ? { model: values.model } : {}),
    ...(values.fps ? { sample_fps: Number(values.fps) } : {}),
    ...(values['min-score'] ? { min_score: Number(values['min-score']) } : {}),
    ...(values.strategy ? { strategy: values.strategy } : {}),
    ...(values['detect-width'] ? { detect_width: Number(values['detect-width']) } : {}),
    ...(values.labels
      ? {
          labels: values.labels
            .split(',')
            .map((l) => l.trim())
            .filter(Boolean),
        }
      : {}),
  };
  const parsed = DetectorConfigSchema.safeParse({ ...base, ...overrides, early_exit: false });
  if (!parsed.success) {
    printProblems(
      'bad detector options:',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    );
    return { ok: false, code: 2 };
  }
  return { ok: true, config: camelCaseKeys(parsed.data), dataDir };
}

async function detectInput(
  engine: ScanEngine,
  input: string,
  config: DetectorConfig,
): Promise<{ ok: true; value: InputReport } | { ok: false; message: string }> {
  if (!existsSync(input)) return { ok: false, message: 'no such file' };
  if (!statSync(input).isFile()) return { ok: false, message: 'not a file' };
  const started = performance.now();
  try {
    const scan = await openMediaScan(engine, input, scanOptionsFrom(config));
    const frames: FrameDetections[] = [];
    const tracker = new LabelTracker({ triggerLabels: [], confirmFrames: config.confirmFrames, stationaryAfterS: config.stationaryAfterS });
    for await (const frame of scan.frames()) {
      frames.push(frame);
      tracker.add(frame);
    }
    if (frames.length === 0) return { ok: false, message: 'no frame could be decoded' };
    const objects = tracker.result().objectCounts;
    return { ok: true, value: { input, frames, objects, ms: Math.round(performance.now() - started) } };
  } catch (e) {
    if (e instanceof InputError || (e instanceof FrameSampleError && e.reason === 'undecodable')) return { ok: false, message: e.message };
    throw e;
  }
}

function formatReport(report: InputReport): string {
  const objects = describeObjectCounts(report.objects);
  const lines = [`${report.input}: ${report.frames.length} frame(s), ${report.ms} ms${objects ? `; objects: ${objects}` : ''}`];
  for (const frame of report.frames) {
    const found = frame.detections.map((d) => `${d.label} ${d.score.toFixed(2)} [${d.box.map((v) => Math.round(v)).join(',')}]`);
    lines.push(`  t=${frame.t.toFixed(2)}s  ${found.length ? found.join('; ') : '-'}`);
  }
  return `${lines.join('\n')}\n`;
}
