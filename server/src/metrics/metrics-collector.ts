import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { StageNameSchema, type Clip } from '../core/clip.js';
import type { ClipEvent } from '../core/clip-event.js';
import type { SignalBus } from '../core/signal-bus.js';
import type { CameraStatus } from '../core/bus-signals.js';
import { clipLatency } from './clip-latency.js';
import type { Part } from '../core/lifecycle.js';

export interface MetricsCollectorOptions {
  readonly bus: SignalBus;
  /** Clips waiting plus in progress in the pipeline, read at scrape time (0 before it starts). */
  readonly queueDepth: () => number;
}

// Stage work ranges from a skipped stage (< 1 ms) to a slow VLM with retries (minutes).
const STAGE_BUCKETS = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300];
// From the clip's end: users ask about seconds to minutes.
const LATENCY_BUCKETS = [0.5, 1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 300, 600];
const FRAME_BUCKETS = [0.005, 0.01, 0.02, 0.04, 0.08, 0.15, 0.3, 0.6, 1.2];

/**
 * Prometheus metrics, fed only by the event bus (never called by the pipeline), plus process CPU
 * and memory from prom-client's default collectors. One registry per app, so two apps in one
 * process (tests, the load test) never share counters.
 */
export class MetricsCollector implements Part {
  readonly name = 'metrics';
  readonly registry = new Registry();
  private readonly stageSeconds: Histogram<'stage' | 'outcome'>;
  private readonly stepLatency: Histogram<'step'>;
  private readonly alertLatency: Histogram;
  private readonly clips: Counter<'outcome'>;
  private readonly detectorFrame: Histogram;
  private readonly vlmTokens: Counter<'kind'>;
  private readonly vlmCost: Counter;
  private readonly notifications: Counter<'notifier' | 'status'>;
  private readonly notifierFailures: Counter<'notifier'>;
  private readonly cameraOnline: Gauge<'camera'>;

  constructor(private readonly options: MetricsCollectorOptions) {
    const registers = [this.registry];
    this.stageSeconds = new Histogram({
      name: 'homesec_stage_duration_seconds',
      help: 'Time a pipeline stage took for one clip, retries included',
      labelNames: ['stage', 'outcome'],
      buckets: STAGE_BUCKETS,
      registers,
    });
    this.stepLatency = new Histogram({
      name: 'homesec_step_latency_seconds',
      help: 'From the end of a clip (else its storing) to the end of each stage and each delivered notification',
      labelNames: ['step'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.alertLatency = new Histogram({
      name: 'homesec_alert_latency_seconds',
      help: 'From the end of a clip (else its storing) to its first delivered notification',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.clips = new Counter({
      name: 'homesec_clips_total',
      help: 'Clips finished, by outcome (alerted, not_alerted, failed)',
      labelNames: ['outcome'],
      registers,
    });
    this.detectorFrame = new Histogram({
      name: 'homesec_detector_frame_seconds',
      help: 'Detect stage time per sampled frame (decode, inference, decoding of boxes)',
      buckets: FRAME_BUCKETS,
      registers,
    });
    this.vlmTokens = new Counter({ name: 'homesec_vlm_tokens_total', help: 'Tokens used by VLM calls', labelNames: ['kind'], registers });
    this.vlmCost = new Counter({ name: 'homesec_vlm_cost_usd_total', help: 'Cost of VLM calls in US dollars', registers });
    this.notifications = new Counter({
      name: 'homesec_notifications_total',
      help: 'Notifications that reached a final state, by notifier and status',
      labelNames: ['notifier', 'status'],
      registers,
    });
    this.notifierFailures = new Counter({
      name: 'homesec_notifier_failures_total',
      help: 'Notifications that failed for good after their retries',
      labelNames: ['notifier'],
      registers,
    });
    this.cameraOnline = new Gauge({
      name: 'homesec_camera_online',
      help: '1 while a camera reports online, 0 while offline',
      labelNames: ['camera'],
      registers,
    });
    const depth = options.queueDepth;
    new Gauge({
      name: 'homesec_queue_depth',
      help: 'Clips waiting or in progress in the pipeline',
      registers,
      collect() {
        this.set(depth());
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'homesec_' });
  }

  start(): void {
    this.options.bus.on(this, 'clip.recorded', (clip, event) => this.onClipRecorded(clip, event));
    this.options.bus.on(this, 'camera.statusChanged', (status) => this.onCameraStatusChanged(status));
  }

  stop(): void {
    this.options.bus.off(this);
  }

  /** The Prometheus text exposition and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private onClipRecorded(clip: Clip, event: ClipEvent): void {
    switch (event.type) {
      case 'stage_succeeded':
      case 'stage_skipped':
      case 'stage_failed':
        this.onStage(clip, event);
        return;
      case 'notification_delivered':
      case 'notification_failed':
        this.onNotification(clip, event);
        return;
      case 'clip_done':
        this.clips.inc({ outcome: clip.alerted ? 'alerted' : 'not_alerted' });
        return;
      case 'clip_failed':
        this.clips.inc({ outcome: 'failed' });
        return;
      default:
        return;
    }
  }

  private onStage(clip: Clip, event: ClipEvent): void {
    const stage = StageNameSchema.safeParse(event.data.stage);
    if (!stage.success) return;
    const record = clip.stages[stage.data];
    if (!record) return;
    this.stageSeconds.observe({ stage: stage.data, outcome: record.outcome }, record.ms / 1000);
    const step = clipLatency(clip).steps.find((s) => s.step === stage.data);
    if (step) this.stepLatency.observe({ step: step.step }, (step.fromEndMs ?? step.fromStoredMs) / 1000);
    if (record.outcome !== 'ok') return;
    if (stage.data === 'detect' && clip.detection && clip.detection.framesSampled > 0) {
      this.detectorFrame.observe(record.ms / clip.detection.framesSampled / 1000);
    }
    if (stage.data === 'analyze' && clip.analysis) {
      const { promptTokens, completionTokens, costUsd } = clip.analysis.usage;
      this.vlmTokens.inc({ kind: 'prompt' }, promptTokens);
      this.vlmTokens.inc({ kind: 'completion' }, completionTokens);
      this.vlmCost.inc(costUsd);
    }
  }

  private onNotification(clip: Clip, event: ClipEvent): void {
    const notifier = typeof event.data.notifier === 'string' ? event.data.notifier : 'unknown';
    if (event.type === 'notification_failed') {
      this.notifierFailures.inc({ notifier });
      this.notifications.inc({ notifier, status: 'failed' });
      return;
    }
    this.notifications.inc({ notifier, status: 'delivered' });
    const latency = clipLatency(clip);
    const step = latency.steps.find((s) => s.step === `notification:${notifier}`);
    if (step) this.stepLatency.observe({ step: step.step }, (step.fromEndMs ?? step.fromStoredMs) / 1000);
    // The first delivery of a clip is its alert latency; later notifiers do not count again.
    const delivered = Object.values(clip.notifications).filter((n) => n.status === 'delivered').length;
    if (delivered === 1 && latency.alertMs !== null) this.alertLatency.observe(latency.alertMs / 1000);
  }

  private onCameraStatusChanged(status: CameraStatus): void {
    this.cameraOnline.set({ camera: status.camera }, status.online ? 1 : 0);
  }
}
