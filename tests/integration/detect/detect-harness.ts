import { snakeCaseKeys } from '../../../server/src/config/camel-case-keys.js';
import { parseConfigSection } from '../../../server/src/config/schema.js';
// Shared set-up for the detector integration tests: temp folders, a log recorder, real ffmpeg.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DetectorConfigSchema, type DetectorConfig } from '../../../server/src/config/sections/detector-config.js';
import { OnnxDetector } from '../../../server/src/detect/onnx-detector.js';
import { createLogger, type Logger } from '../../../server/src/logging/logger.js';
import { ffmpegToolsFromEnv, type FfmpegTools } from '../../../server/src/media/ffmpeg-tools.js';

export interface LogRecord {
  readonly level: string;
  readonly msg: string;
  readonly event_type?: string;
  readonly [key: string]: unknown;
}

/** A real pino logger whose records are kept in memory for assertions. */
export function recordingLogger(): { log: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const log = createLogger('debug', { write: (line: string) => void records.push(JSON.parse(line) as LogRecord) });
  return { log, records };
}

/** ffmpeg and ffprobe from PATH (or FFMPEG_PATH/FFPROBE_PATH); fails with what to install. */
export function requireFfmpeg(): FfmpegTools {
  const tools = ffmpegToolsFromEnv();
  for (const tool of [tools.ffmpeg, tools.ffprobe]) {
    const probe = spawnSync(tool, ['-version'], { stdio: 'ignore' });
    if (probe.error || probe.status !== 0)
      throw new Error(`${tool} is needed by the detector tests: apt-get install ffmpeg (or set FFMPEG_PATH/FFPROBE_PATH)`);
  }
  return tools;
}

export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `homesec-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function detectorConfig(overrides: Partial<DetectorConfig>): DetectorConfig {
  return parseConfigSection(DetectorConfigSchema, snakeCaseKeys(overrides));
}

export function makeDetector(
  config: Partial<DetectorConfig>,
  dataDir: string,
  extra: { log?: Logger; retryAfterMs?: number } = {},
): OnnxDetector {
  return new OnnxDetector({
    config: detectorConfig(config),
    dataDir,
    tools: requireFfmpeg(),
    log: extra.log ?? recordingLogger().log,
    ...(extra.retryAfterMs !== undefined ? { retryAfterMs: extra.retryAfterMs } : {}),
  });
}

/** Writes a test picture or clip with ffmpeg's lavfi sources (no binaries in the repo). */
export function generateMedia(out: string, lavfi: string, extra: readonly string[] = []): string {
  const run = spawnSync(requireFfmpeg().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', lavfi, ...extra, out]);
  if (run.status !== 0) throw new Error(`ffmpeg could not generate ${out}: ${run.stderr.toString()}`);
  return out;
}

/** Decodes a picture to raw RGB so a test can look at pixels. */
export function readRgb(path: string): Buffer {
  const run = spawnSync(
    requireFfmpeg().ffmpeg,
    ['-hide_banner', '-loglevel', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`ffmpeg could not decode ${path}: ${run.stderr.toString()}`);
  return run.stdout;
}
