import { InputError } from '../core/errors.js';
import type { DetectionResult } from '../core/detection.js';
import type { HealthCheck } from '../core/bus-signals.js';
import type {
  DetectClipOptions,
  DetectFailure,
  KnownStationary,
  ObjectDetector,
  LiveDetectOptions,
  LiveFrame,
  LiveObservation,
  PictureRequest,
  StationaryObject,
} from '../core/object-detector.js';
import { err, ok, type Result } from '../core/result.js';
import type { DetectorConfig } from '../config/sections/detector-config.js';
import type { Logger } from '../core/logger.js';
import type { FfmpegTools } from '../media/ffmpeg-tools.js';
import { FrameSampleError } from '../media/frame-sampler.js';
import { writeSnapshot } from '../media/snapshot-writer.js';
import { classIdsOf } from './coco-labels.js';
import { InferencePoolClosedError, type InferencePool } from './inference-pool.js';
import type { ModelLayout } from './model-format.js';
import { LabelTracker } from './label-tracker.js';
import { openMediaScan, scanOptionsFrom, type MediaScan, type ScanEngine } from './media-scan.js';
import { loadScanEngine } from './scan-engine.js';
import { liveScan, type LiveScanOptions } from './live-scan.js';
import { confirmLive } from './live-confirmation.js';
import { inBackground } from '../runtime/background.js';
import type { Readable } from 'node:stream';

export interface OnnxDetectorOptions {
  readonly config: DetectorConfig;
  /** `<data_dir>`; built-in models are cached in `<data_dir>/models`. */
  readonly dataDir: string;
  readonly tools: FfmpegTools;
  readonly log: Logger;
  /** How long after a failed load the next clip tries again (a network may come back). */
  readonly retryAfterMs?: number;
}

type State =
  | { readonly kind: 'stopped' | 'disabled' | 'loading' }
  | { readonly kind: 'ready'; readonly engine: ScanEngine; readonly pool: InferencePool; readonly model: string }
  /** Released after `idle_unload_s` without work; loads again on the next use (its layout is known). */
  | { readonly kind: 'resting'; readonly layout: ModelLayout; readonly model: string }
  | { readonly kind: 'unavailable'; readonly reason: string; readonly at: number };

const DEFAULT_RETRY_AFTER_MS = 5 * 60_000;

/**
 * ObjectDetector on ONNX Runtime. The model loads in start(); when it cannot (offline, bad file)
 * the detector reports `degraded` and answers `unavailable` while clips keep being recorded. After
 * `idle_unload_s` without work it leaves memory (ONNX Runtime and its worker cost about 70 MB), and
 * loads again in a fraction of a second on the next clip or motion.
 */
export class OnnxDetector implements ObjectDetector {
  readonly name = 'detector';
  private state: State = { kind: 'stopped' };
  private loading: Promise<void> | null = null;
  private modelName: string;
  /** Detections in progress (clips being scanned, live feeds being watched): the model stays while any runs. */
  private users = 0;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: OnnxDetectorOptions) {
    this.modelName = options.config.model;
  }

  async start(signal: AbortSignal): Promise<void> {
    if (!this.options.config.enabled) {
      this.state = { kind: 'disabled' };
      return;
    }
    this.warnUnknownLabels();
    await this.load(signal);
    this.restWhenIdle();
  }

  async stop(): Promise<void> {
    const state = this.state;
    this.state = { kind: 'stopped' };
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (state.kind === 'ready') await state.pool.close();
  }

  health(): HealthCheck {
    const s = this.state;
    switch (s.kind) {
      case 'stopped':
        return { status: 'degraded', message: 'object detection not started' };
      case 'disabled':
        return { status: 'healthy', message: 'object detection disabled (detector.enabled: false)' };
      case 'loading':
        return { status: 'degraded', message: `loading model ${this.options.config.model}` };
      case 'ready': {
        const { layout } = s.engine;
        return { status: 'healthy', message: `model ${s.model} (${layout.format}, ${layout.inputWidth}x${layout.inputHeight})` };
      }
      case 'resting':
        return { status: 'healthy', message: `model ${s.model} out of memory while idle; loads on the next clip or motion` };
      case 'unavailable':
        return { status: 'degraded', message: `object detection unavailable: ${s.reason}; clips are still recorded` };
      default: {
        const unknown: never = s;
        return unknown;
      }
    }
  }

  detectClip(clipPath: string, options: DetectClipOptions): Promise<Result<DetectionResult, DetectFailure>> {
    this.claim();
    // The sampler reports on the pictures once it runs; before that (no model, unreadable file) this does.
    let sampling = false;
    return this.scanClip(clipPath, options, () => (sampling = true)).finally(() => {
      if (!sampling) options.pictures?.finished(false);
      this.release();
    });
  }

  private async scanClip(
    clipPath: string,
    options: DetectClipOptions,
    onSampling: () => void,
  ): Promise<Result<DetectionResult, DetectFailure>> {
    const engine = await this.engine(options.signal);
    if (!engine.ok) return engine;
    const started = performance.now();
    try {
      const scan = await openMediaScan(engine.value, clipPath, this.scanSettings(), options.signal, options.video);
      onSampling();
      const result = await this.track(scan, options.signal, options.pictures, options.stationary);
      if (result.framesSampled === 0)
        return err({ kind: 'bad_input', reason: `no frame could be decoded from ${clipPath}`, retryable: false });
      await this.snapshot(clipPath, scan, result, options);
      this.options.log.info(
        {
          event_type: 'detector.clip_detected',
          clip_path: clipPath,
          frames: result.framesSampled,
          labels: result.labels.map((l) => l.label),
          triggered: result.triggered,
          ms: Math.round(performance.now() - started),
        },
        'clip detected',
      );
      return ok(result);
    } catch (e) {
      return err(this.failure(e, clipPath, options.signal));
    }
  }

  async detectLive(feed: Readable, options: LiveDetectOptions): Promise<Result<AsyncIterable<LiveObservation>, DetectFailure>> {
    const { config } = this.options;
    const settings: LiveScanOptions = {
      fps: options.fps,
      minBoxRatio: config.minBoxRatio,
      detectWidth: config.detectWidth,
      strategy: config.strategy,
      iouThreshold: config.nmsIou,
      ...(options.regionsHint ? { regionsHint: options.regionsHint } : {}),
      signal: options.signal,
    };
    const rule = { ...options, stationaryAfterS: config.stationaryAfterS };
    const s = this.state;
    if (s.kind === 'resting') {
      // Decoding starts at once (waiting for a key frame takes longer than loading): the model loads meanwhile.
      const loading = this.engine(options.signal);
      const engine: ScanEngine = {
        tools: this.options.tools,
        layout: s.layout,
        pool: {
          detect: async (frame) => {
            const loaded = await loading;
            if (!loaded.ok) throw new InferencePoolClosedError(loaded.error.reason);
            return loaded.value.pool.detect(frame);
          },
        },
      };
      return ok(confirmLive(this.held(liveScan(engine, feed, settings)), rule));
    }
    const engine = await this.engine(options.signal);
    if (!engine.ok) return engine;
    return ok(confirmLive(this.held(liveScan(engine.value, feed, settings)), rule));
  }

  /** The model stays loaded while the live feed is watched. */
  private async *held(frames: AsyncGenerator<LiveFrame>): AsyncGenerator<LiveFrame> {
    this.claim();
    try {
      yield* frames;
    } finally {
      this.release();
    }
  }

  private claim(): void {
    this.users++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private release(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users === 0) this.restWhenIdle();
  }

  /** After `idle_unload_s` with nothing to detect, the model's memory goes back to the system. */
  private restWhenIdle(): void {
    const seconds = this.options.config.idleUnloadS;
    if (seconds <= 0 || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      const s = this.state;
      if (this.users > 0 || s.kind !== 'ready') return;
      this.state = { kind: 'resting', layout: s.engine.layout, model: s.model };
      this.options.log.info({ event_type: 'detector.resting', idle_s: seconds }, 'object detection idle: model released from memory');
      inBackground(s.pool.close(), this.options.log, 'releasing the model');
    }, seconds * 1000);
    this.idleTimer.unref();
  }

  /** Samples until the clip ends, max_frames, or (early_exit) a trigger label is confirmed. */
  private async track(scan: MediaScan, signal?: AbortSignal, pictures?: PictureRequest, known?: KnownStationary): Promise<DetectionResult> {
    const { config } = this.options;
    const tracker = new LabelTracker({
      triggerLabels: config.triggerLabels,
      confirmFrames: config.confirmFrames,
      stationaryAfterS: config.stationaryAfterS,
      // As live: a trigger seen only on objects standing still (the camera's parked car) triggers nothing.
      ignoreStationaryTriggers: true,
      stationarySeeds: known ? inFrame(known, scan.width, scan.height) : [],
    });
    let earlyExit = false;
    for await (const frame of scan.frames(signal, pictures)) {
      tracker.add(frame);
      if (config.earlyExit && tracker.confirmed) {
        earlyExit = true;
        break;
      }
    }
    const tracked = tracker.result();
    return { model: this.modelName, ...tracked, earlyExit, frameWidth: scan.width, frameHeight: scan.height };
  }

  /** The best frame with its boxes; with nothing found, the first frame plain. A failure only costs the picture. */
  private async snapshot(clipPath: string, scan: MediaScan, result: DetectionResult, options: DetectClipOptions): Promise<void> {
    const triggers = new Set(this.options.config.triggerLabels);
    const frame = result.bestFrame;
    try {
      await writeSnapshot(this.options.tools, {
        source: clipPath,
        t: frame?.t ?? 0,
        still: scan.still,
        frameWidth: scan.width,
        frameHeight: scan.height,
        boxes: (frame?.detections ?? []).map((d) => ({ box: d.box, emphasis: triggers.has(d.label) })),
        outPath: options.snapshotPath,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (e) {
      this.options.log.warn({ event_type: 'detector.snapshot_failed', clip_path: clipPath, err: e }, 'could not write the clip snapshot');
    }
  }

  /** The loaded engine; retries a failed load after a while, and reloads when the workers died. */
  private async engine(signal?: AbortSignal): Promise<Result<ScanEngine, DetectFailure>> {
    const retryAfter = this.options.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
    const s = this.state;
    const due =
      (s.kind === 'unavailable' && Date.now() - s.at >= retryAfter) || (s.kind === 'ready' && !s.pool.alive) || s.kind === 'resting';
    if (due || s.kind === 'loading') await this.load(signal ?? new AbortController().signal);
    const now = this.state;
    if (now.kind === 'ready') return ok(now.engine);
    if (now.kind === 'disabled') return err({ kind: 'unavailable', reason: 'object detection is disabled', retryable: false });
    const reason = now.kind === 'unavailable' ? now.reason : 'the detector is not started';
    return err({ kind: 'unavailable', reason: `object detection unavailable: ${reason}`, retryable: true });
  }

  private load(signal: AbortSignal): Promise<void> {
    this.loading ??= this.loadOnce(signal).finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async loadOnce(signal: AbortSignal): Promise<void> {
    const { config, log } = this.options;
    const previous = this.state;
    if (previous.kind === 'ready') await previous.pool.close();
    this.state = { kind: 'loading' };
    try {
      const {
        engine,
        pool,
        model: file,
      } = await loadScanEngine(config, {
        dataDir: this.options.dataDir,
        tools: this.options.tools,
        log,
        signal,
      });
      if (this.state.kind !== 'loading') {
        // stop() ran while the model was loading.
        await pool.close();
        return;
      }
      this.modelName = file.name;
      this.state = { kind: 'ready', engine, pool, model: file.name };
      if (this.users === 0) this.restWhenIdle();
      const { layout } = engine;
      log.info(
        {
          event_type: 'detector.ready',
          model: file.name,
          path: file.path,
          format: layout.format,
          input: [layout.inputWidth, layout.inputHeight],
          workers: config.maxConcurrent,
        },
        `object detection ready (${file.name}, ${layout.format})`,
      );
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      // One error per distinct reason: a periodic retry that fails the same way stays quiet.
      if (previous.kind !== 'unavailable' || previous.reason !== reason) {
        log.error({ event_type: 'detector.unavailable', err: e }, `object detection unavailable: ${reason}`);
      }
      if (this.state.kind === 'loading') this.state = { kind: 'unavailable', reason, at: Date.now() };
    }
  }

  private scanSettings() {
    return scanOptionsFrom(this.options.config);
  }

  private warnUnknownLabels(): void {
    const { labels, triggerLabels: triggers } = this.options.config;
    const { unknown } = classIdsOf([...labels, ...triggers]);
    if (unknown.length)
      this.options.log.warn({ event_type: 'detector.unknown_labels', labels: unknown }, `not COCO labels, ignored: ${unknown.join(', ')}`);
  }

  private failure(e: unknown, clipPath: string, signal?: AbortSignal): DetectFailure {
    const message = e instanceof Error ? e.message : String(e);
    if (signal?.aborted) return { kind: 'failed', reason: 'detection aborted', retryable: true };
    if (e instanceof InputError || (e instanceof FrameSampleError && e.reason === 'undecodable'))
      return { kind: 'bad_input', reason: message, retryable: false };
    if (e instanceof InferencePoolClosedError) return { kind: 'unavailable', reason: message, retryable: true };
    this.options.log.error({ event_type: 'detector.clip_failed', clip_path: clipPath, err: e }, `detection failed: ${message}`);
    return { kind: 'failed', reason: message, retryable: true };
  }
}

/** The known stationary objects' boxes in a frame of `width` x `height` (the clip's, not the live detector's). */
function inFrame(known: KnownStationary, width: number, height: number): StationaryObject[] {
  const sx = width / known.frameWidth;
  const sy = height / known.frameHeight;
  return known.objects.map((o) => ({ label: o.label, box: [o.box[0] * sx, o.box[1] * sy, o.box[2] * sx, o.box[3] * sy] }));
}
