import { existsSync } from 'node:fs';
import type { ArmedReason, CameraArming } from '../core/camera-arming.js';
import type { Clip } from '../core/clip.js';
import type { SignalBus } from '../core/signal-bus.js';
import type { CameraStatus } from '../core/bus-signals.js';
import { isLiveCamera, type CameraConfig } from '../config/sections/camera-config.js';
import type { Logger } from '../core/logger.js';
import { redactUrlCredentials } from '../logging/redact.js';
import type { ClipRepository } from '../store/clip-repository.js';
import type { CameraView } from './camera-view.js';
import type { Part } from '../core/lifecycle.js';
import { inBackground } from '../runtime/background.js';

export interface CameraDirectoryOptions {
  readonly cameras: readonly CameraConfig[];
  readonly bus: SignalBus;
  readonly arming: CameraArming;
  readonly clips: Pick<ClipRepository, 'listClips'>;
  /** Where a camera's latest picture is written, if it has a stream (RTSP). */
  readonly picturePath: (camera: CameraConfig) => string | null;
  readonly log: Logger;
}

type LastClip = NonNullable<CameraView['lastClip']>;
type Listener = (view: CameraView) => void;

/**
 * What HomeSec knows about each configured camera, for the dashboard and Home Assistant: online state (from 'camera.statusChanged'),
 * armed flag, and its newest clip (loaded at start, then followed from 'clip.recorded').
 */
export class CameraDirectory implements Part {
  readonly name = 'cameras';
  private readonly statuses = new Map<string, CameraStatus>();
  private readonly lastClips = new Map<string, LastClip>();
  private readonly listeners = new Set<Listener>();

  constructor(private readonly options: CameraDirectoryOptions) {}

  async start(): Promise<void> {
    const { bus } = this.options;
    bus.on(this, 'camera.statusChanged', (status) => {
      this.statuses.set(status.camera, status);
      this.changed(status.camera);
    });
    bus.on(this, 'camera.armedChanged', (camera) => this.changed(camera));
    bus.on(this, 'clip.recorded', (clip) => this.onClipRecorded(clip));
    bus.on(this, 'clip.deleted', (clipId, camera) => {
      if (this.lastClips.get(camera)?.id === clipId)
        inBackground(
          this.loadLastClip(camera).then(() => this.changed(camera)),
          this.options.log,
          'reloading the last clip',
        );
    });
    await Promise.all(this.options.cameras.map((c) => this.loadLastClip(c.name)));
  }

  async stop(): Promise<void> {
    this.options.bus.off(this);
    this.listeners.clear();
  }

  list(): CameraView[] {
    return this.options.cameras.map((camera) => this.view(camera));
  }

  get(name: string): CameraView | null {
    const camera = this.options.cameras.find((c) => c.name === name);
    return camera ? this.view(camera) : null;
  }

  isArmed(camera: string): boolean {
    return this.options.arming.isArmed(camera);
  }

  armedReason(camera: string): ArmedReason {
    return this.options.arming.armedReason(camera);
  }

  /** Arms or disarms a camera's alerts; the change reaches every listener through 'camera.armedChanged'. */
  setArmed(camera: string, armed: boolean): void {
    this.options.arming.setArmed(camera, armed);
  }

  snoozedUntil(camera: string): Date | null {
    return this.options.arming.snoozedUntil(camera);
  }

  snoozedAllUntil(): Date | null {
    return this.options.arming.snoozedAllUntil();
  }

  /** Pauses a camera's (null: every camera's) alerts until `until`; it ends by itself. */
  snooze(camera: string | null, until: Date | null): void {
    this.options.arming.snooze(camera, until);
  }

  /** Called with a camera's new view whenever any part of it changes; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private view(camera: CameraConfig): CameraView {
    const status = this.statuses.get(camera.name);
    // Only live cameras (RTSP, Home Assistant) hold a stream whose loss means "offline"; others are null until a source reports.
    const online = status ? status.online : isLiveCamera(camera) && camera.enabled ? false : null;
    return {
      name: camera.name,
      source: camera.source,
      enabled: camera.enabled,
      online,
      // A source's detail may quote its stream URL: never pass its credentials to the browser.
      detail: status?.detail ? redactUrlCredentials(status.detail) : camera.enabled ? null : 'disabled in the configuration',
      lastFrameAt: status?.lastFrameAt ?? null,
      armed: this.options.arming.isArmed(camera.name),
      armedReason: this.options.arming.armedReason(camera.name),
      hasPicture: this.hasPicture(camera),
      lastClip: this.lastClips.get(camera.name) ?? null,
    };
  }

  /** One stat per live camera and view: the session writes the picture within seconds of connecting. */
  private hasPicture(camera: CameraConfig): boolean {
    const path = this.options.picturePath(camera);
    return path !== null && existsSync(path);
  }

  private onClipRecorded(clip: Clip): void {
    const current = this.lastClips.get(clip.camera);
    const at = Date.parse(clip.startedAt);
    const currentAt = current ? Date.parse(current.startedAt) : Number.NEGATIVE_INFINITY;
    const newer = at > currentAt || (at === currentAt && current !== undefined && clip.id >= current.id);
    if (!newer || clip.status === 'deleted') return;
    const next = toLastClip(clip);
    if (current && current.id === next.id && current.title === next.title && current.riskLevel === next.riskLevel) return;
    this.lastClips.set(clip.camera, next);
    this.changed(clip.camera);
  }

  private async loadLastClip(camera: string): Promise<void> {
    try {
      const page = await this.options.clips.listClips({ camera, limit: 1 });
      const clip = page.clips[0];
      if (clip) this.lastClips.set(camera, toLastClip(clip));
      else this.lastClips.delete(camera);
    } catch (e) {
      // The store may be down at start; the next recorded clip fills this in.
      this.options.log.warn({ event_type: 'cameras.last_clip_unavailable', camera, err: e }, 'last clip of camera not loaded');
    }
  }

  private changed(name: string): void {
    const view = this.get(name);
    if (!view) return;
    for (const listener of this.listeners) listener(view);
  }
}

function toLastClip(clip: Clip): LastClip {
  return { id: clip.id, startedAt: clip.startedAt, title: clip.analysis?.title ?? null, riskLevel: clip.analysis?.riskLevel ?? null };
}
