import { basename, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { HomesecApp, type HomesecCore } from '../app.js';
import { DataDirLockedError } from '../store/data-dir-lock.js';
import type { CameraEvent } from '../core/camera-event.js';
import type { Clip } from '../core/clip.js';
import { ClipRejectedError } from '../core/errors.js';
import type { HomesecConfig } from '../config/schema.js';
import { createLogger, type Logger } from '../logging/logger.js';
import type { CliCommand } from './cli-command.js';
import { loadConfigOrReport, parseCliArgs } from './cli-args.js';

const USAGE = `usage: homesec process [--config PATH] --camera NAME FILE...
  Runs each file through the whole pipeline as a clip of camera NAME (the file is copied, not moved),
  waits, and prints one JSON line per clip. Exit 0, or 1 when any clip failed.
  Refuses to run while HomeSec (or another command) uses the same data_dir.
`;

export const processCommand: CliCommand = {
  summary: 'run clip files through the pipeline and print the results',
  async run(argv) {
    const args = parseCliArgs(
      argv,
      { config: { type: 'string' }, camera: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      true,
    );
    if (!args || args.values.help || !args.values.camera || args.positionals.length === 0) {
      (args?.values.help ? process.stdout : process.stderr).write(USAGE);
      return args?.values.help ? 0 : 2;
    }
    const loaded = loadConfigOrReport(args.values.config);
    if (!loaded) return 2;
    const { config } = loaded;
    const camera = args.values.camera;
    if (!config.cameras.some((c) => c.name === camera)) {
      process.stderr.write(
        `homesec process: no camera "${camera}" in the configuration (cameras: ${config.cameras.map((c) => c.name).join(', ') || 'none'})\n`,
      );
      return 2;
    }
    const missing = args.positionals.filter((f) => !existsSync(f));
    if (missing.length) {
      process.stderr.write(`homesec process: no such file: ${missing.join(', ')}\n`);
      return 2;
    }
    return processFiles(
      args.positionals.map((f) => resolve(f)),
      camera,
      config,
      createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr),
    );
  },
};

async function processFiles(files: string[], camera: string, config: HomesecConfig, log: Logger): Promise<number> {
  const app = HomesecApp.oneshot({ config, log });
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  let core: HomesecCore;
  try {
    core = await app.start(abort.signal);
  } catch (e) {
    // The service (or another command) works on this data folder: say so instead of resuming its clips.
    if (!(e instanceof DataDirLockedError)) throw e;
    process.stderr.write(`homesec process: ${e.message}\n`);
    return 1;
  }
  const { pipeline, repository, media, cameraEvents } = core;
  const { intake } = pipeline;
  const ids: { file: string; id: string | null; error: string | null }[] = [];
  for (const file of files) {
    const now = new Date();
    const result = await intake.accept({
      camera,
      path: file,
      source: 'cli',
      originalName: basename(file),
      startedAt: now,
      endedAt: now,
      consume: false,
    });
    const rejectedId = !result.ok && result.error instanceof ClipRejectedError ? result.error.clipId : null;
    ids.push(result.ok ? { file, id: result.value.id, error: null } : { file, id: rejectedId, error: result.error.message });
  }
  await pipeline.idle();
  await repository.drain(10_000);
  let failures = 0;
  for (const entry of ids) {
    const clip = entry.id ? repository.getLocal(entry.id) : null;
    const event = clip?.eventId ? cameraEvents.getLocal(clip.eventId) : null;
    const line = clip ? describe(clip, event, media.resolve(clip.mediaPath)) : null;
    if (!clip || clip.status === 'failed' || Object.values(clip.stages).some((s) => s?.outcome === 'failed')) failures++;
    const notNotified = clip ? notNotifiedReason(clip) : null;
    if (clip && notNotified) process.stderr.write(`homesec process: ${clip.id} alerted but nobody was notified: ${notNotified}\n`);
    process.stdout.write(`${JSON.stringify(line ?? { clip_id: null, camera, file: entry.file, status: 'failed', reason: entry.error })}\n`);
  }
  await app.stop();
  return failures > 0 ? 1 : 0;
}

/** One clip as `process` prints it; whether and why it alerted is its event's decision. */
function describe(clip: Clip, event: CameraEvent | null, mediaPath: string): Record<string, unknown> {
  return {
    clip_id: clip.id,
    camera: clip.camera,
    status: clip.status,
    media_path: mediaPath,
    labels: clip.detection?.labels.map((l) => l.label) ?? [],
    risk_level: clip.analysis?.riskLevel ?? null,
    event_id: clip.eventId,
    alerted: clip.alerted,
    notified: Object.values(clip.notifications).some((n) => n?.status === 'delivered'),
    not_notified_reason: notNotifiedReason(clip),
    notifications: Object.fromEntries(Object.entries(clip.notifications).map(([name, record]) => [name, record?.status ?? null])),
    reason: clip.error ?? event?.decision?.reason ?? null,
    stages: Object.fromEntries(
      Object.entries(clip.stages).map(([name, record]) => [
        name,
        { ok: record?.outcome === 'ok', outcome: record?.outcome, ms: record?.ms, reason: record?.reason ?? null },
      ]),
    ),
  };
}

/**
 * Why a clip that alerted reached nobody, or null. `process` runs without Home Assistant and its broker
 * link, so MQTT alerts and HA events are never sent from here; only email can be, and it may still be
 * queued when the command ends (the service delivers it at its next start).
 */
function notNotifiedReason(clip: Clip): string | null {
  if (!clip.alerted) return null;
  const statuses = Object.values(clip.notifications).map((n) => n?.status);
  if (statuses.includes('delivered')) return null;
  if (statuses.includes('pending')) return 'still queued when the command ended; the service delivers it at its next start';
  if (statuses.length > 0) return 'every notifier failed (see notifications)';
  return 'no_notifiers (homesec process sends no MQTT alerts or Home Assistant events; the running service does, and email when configured)';
}
