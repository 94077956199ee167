import type { CameraArming } from '../core/camera-arming.js';
import type { ClipEvent } from '../core/clip-event.js';
import type { Clip } from '../core/clip.js';
import type { SignalBus } from '../core/signal-bus.js';
import type { CameraStatus } from '../core/bus-signals.js';
import type { HealthReport } from '../health/health-registry.js';
import type { Logger } from '../core/logger.js';
import type { LatencySource } from './alert-latency-sensor.js';
import type { MediaFolder } from '../media/media-paths.js';
import { ClipFacts } from './clip-facts.js';
import { clipLinks, personAttributes, summaryAttributes, summaryState } from './clip-entity-states.js';
import type { EntityStatePublisher } from './entity-state-publisher.js';
import { cameraTopics, hubTopics } from './ha-topics.js';
import { inBackground } from '../runtime/background.js';

export interface HaStateReaders {
  readonly arming: CameraArming;
  readonly health: () => HealthReport;
  /** Clips of a camera that started at or after `since` (seeds "clips today" after a restart). */
  readonly countClipsSince?: (camera: string, since: Date) => Promise<number>;
  /** Month-to-date VLM spend in USD (the analyzer's ledger); without it spend is summed from clips seen. */
  readonly vlmSpend?: (now: Date) => Promise<number>;
  /** Latency over the last day, for the hub's alert latency sensor; without it the sensor stays unknown. */
  readonly alertLatency?: LatencySource;
}

export interface HaStateTrackerOptions {
  readonly bus: SignalBus;
  readonly publisher: EntityStatePublisher;
  readonly log: Logger;
  readonly cameras: readonly string[];
  readonly topicPrefix: string;
  readonly media: MediaFolder;
  readonly ffmpeg: string;
  readonly sources: HaStateReaders;
  /** Cameras whose motion and person sensors follow the live state (LiveEntityStates), not a pulse per clip. */
  readonly liveCameras?: readonly string[];
  /** How long motion and "person detected" stay ON after a clip (default 30 s). */
  readonly holdMs?: number;
  readonly now?: () => Date;
}

const DEFAULT_HOLD_MS = 30_000;

/**
 * Turns what happens inside HomeSec (bus events) into entity states. Listens only; never reaches back
 * into the pipeline. Each fact of a clip is published once however many lifecycle steps it has.
 */
export class HaStateTracker {
  private readonly facts = new ClipFacts();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly offTimers = new Map<string, NodeJS.Timeout>();
  private readonly clipsToday = new Map<string, number>();
  private day = '';
  private spendMonth = '';
  private spendUsd = 0;
  private signal: AbortSignal | undefined;

  constructor(private readonly options: HaStateTrackerOptions) {}

  async start(signal: AbortSignal): Promise<void> {
    this.signal = signal;
    const { bus } = this.options;
    bus.on(this, 'clip.recorded', (clip, event) => this.onClipRecorded(clip, event));
    bus.on(this, 'camera.statusChanged', (status) => this.onCameraStatusChanged(status));
    bus.on(this, 'camera.armedChanged', (camera) => this.onArmedChanged(camera));
    bus.on(this, 'health.changed', () => this.publishHealth());
    await this.publishInitialStates();
    this.scheduleMidnight();
  }

  stop(): void {
    this.options.bus.off(this);
    for (const timer of [...this.timers, ...this.offTimers.values()]) clearTimeout(timer);
    this.timers.clear();
    this.offTimers.clear();
  }

  /** Publishes the armed state as it is now, and why (after a switch command, even one that changed nothing). */
  async publishArmed(camera: string): Promise<void> {
    const { arming } = this.options.sources;
    const topics = cameraTopics(this.options.topicPrefix, camera);
    // The reason first: an automation triggered by the state reads an attribute that is already current.
    await this.options.publisher.json(topics.armedAttributes, { armed_reason: arming.armedReason(camera) });
    await this.options.publisher.state(topics.armed, arming.isArmed(camera) ? 'ON' : 'OFF');
  }

  private async publishInitialStates(): Promise<void> {
    const { publisher, topicPrefix } = this.options;
    this.day = dayKey(this.now());
    for (const camera of this.options.cameras) {
      const topics = cameraTopics(topicPrefix, camera);
      await this.publishArmed(camera);
      await publisher.state(topics.motion, 'OFF');
      await publisher.state(topics.person, 'OFF');
      await publisher.state(topics.objects, '0');
      await publisher.state(topics.stationaryObjects, '0');
      this.clipsToday.set(camera, await this.countToday(camera));
      await publisher.state(topics.clipsToday, String(this.clipsToday.get(camera) ?? 0));
    }
    await this.publishHealth();
    await this.refreshSpend(null);
  }

  /** Per clip: a motion/person pulse for cameras without live state, the clip count and the verdict. Snapshots and alerts follow the event (LiveEntityStates). */
  private async onClipRecorded(clip: Clip, event: ClipEvent): Promise<void> {
    if (!this.options.cameras.includes(clip.camera)) return;
    const topics = cameraTopics(this.options.topicPrefix, clip.camera);
    const { publisher } = this.options;
    const live = this.options.liveCameras?.includes(clip.camera) ?? false;
    if ((event.type === 'clip_received' || event.type === 'clip_stored') && this.facts.claim(clip.id, 'motion')) {
      if (!live) await this.pulse(topics.motion);
      await this.countClip(clip.camera);
    }
    if (!live && clip.detection?.triggered && this.facts.claim(clip.id, 'detection')) {
      await publisher.json(topics.personAttributes, personAttributes(clip));
      await this.pulse(topics.person);
    }
    if (clip.analysis && this.facts.claim(clip.id, 'analysis')) {
      await publisher.json(topics.summaryAttributes, summaryAttributes(clip, clipLinks(clip, this.options.media.root)));
      await publisher.state(topics.summary, summaryState(clip) ?? '');
      await publisher.state(topics.risk, clip.analysis.riskLevel);
      await this.refreshSpend(clip);
    }
  }

  private onCameraStatusChanged(status: CameraStatus): Promise<void> | undefined {
    if (!this.options.cameras.includes(status.camera)) return undefined;
    return this.options.publisher.state(cameraTopics(this.options.topicPrefix, status.camera).online, status.online ? 'ON' : 'OFF');
  }

  private onArmedChanged(camera: string): Promise<void> | undefined {
    if (!this.options.cameras.includes(camera)) return undefined;
    return this.publishArmed(camera);
  }

  private async publishHealth(): Promise<void> {
    const report = this.options.sources.health();
    const topics = hubTopics(this.options.topicPrefix);
    const checks = Object.fromEntries(Object.entries(report.checks).map(([name, c]) => [name, `${c.status}: ${c.message}`]));
    await this.options.publisher.json(topics.problemAttributes, { health: report.status, checks });
    await this.options.publisher.state(topics.problem, report.status === 'healthy' ? 'OFF' : 'ON');
  }

  /** ON now, OFF after the hold time; a new clip restarts the hold. */
  private async pulse(topic: string): Promise<void> {
    const previous = this.offTimers.get(topic);
    if (previous) clearTimeout(previous);
    await this.options.publisher.state(topic, 'ON');
    const timer = setTimeout(() => {
      this.offTimers.delete(topic);
      inBackground(this.options.publisher.state(topic, 'OFF'), this.options.log, 'entity state');
    }, this.options.holdMs ?? DEFAULT_HOLD_MS);
    timer.unref();
    this.offTimers.set(topic, timer);
  }

  private async countClip(camera: string): Promise<void> {
    this.rollDay();
    const count = (this.clipsToday.get(camera) ?? 0) + 1;
    this.clipsToday.set(camera, count);
    await this.options.publisher.state(cameraTopics(this.options.topicPrefix, camera).clipsToday, String(count));
  }

  private async countToday(camera: string): Promise<number> {
    const count = this.options.sources.countClipsSince;
    if (!count) return 0;
    try {
      return await count(camera, startOfDay(this.now()));
    } catch (e) {
      this.options.log.warn({ event_type: 'ha.count_failed', camera, err: e }, 'clips today not counted; starting at 0');
      return 0;
    }
  }

  /** At local midnight every camera's count goes back to 0. */
  private scheduleMidnight(): void {
    const now = this.now();
    const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.rollDay();
        for (const camera of this.options.cameras) {
          inBackground(
            this.options.publisher.state(
              cameraTopics(this.options.topicPrefix, camera).clipsToday,
              String(this.clipsToday.get(camera) ?? 0),
            ),
            this.options.log,
            'entity state',
          );
        }
        this.scheduleMidnight();
      },
      Math.max(1000, next.getTime() - now.getTime()),
    );
    timer.unref();
    this.timers.add(timer);
  }

  private rollDay(): void {
    const today = dayKey(this.now());
    if (today === this.day) return;
    this.day = today;
    for (const camera of this.options.cameras) this.clipsToday.set(camera, 0);
  }

  private async refreshSpend(clip: Clip | null): Promise<void> {
    const now = this.now();
    const month = monthStart(now).toISOString();
    if (month !== this.spendMonth) {
      this.spendMonth = month;
      this.spendUsd = 0;
    }
    const ledger = this.options.sources.vlmSpend;
    if (ledger) {
      try {
        this.spendUsd = await ledger(now);
      } catch (e) {
        this.options.log.warn({ event_type: 'ha.spend_failed', err: e }, 'VLM spend not read');
      }
    } else if (clip?.analysis) {
      this.spendUsd += clip.analysis.usage.costUsd;
    }
    const usd = Math.round(this.spendUsd * 10_000) / 10_000;
    await this.options.publisher.json(hubTopics(this.options.topicPrefix).vlmSpend, { usd, month_start: month });
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

function dayKey(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

function startOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

function monthStart(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), 1);
}
