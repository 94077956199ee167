import { stat } from 'node:fs/promises';
import type { CameraEvent, DetectionMoment, SentAlert } from '../core/camera-event.js';
import type { Clip } from '../core/clip.js';
import type { ObjectCount } from '../core/detection.js';
import type { SignalBus } from '../core/signal-bus.js';
import { inBackground } from '../runtime/background.js';
import type { Logger } from '../core/logger.js';
import type { ClipRenditions } from '../media/clip-renditions.js';
import type { MediaFolder } from '../media/media-paths.js';
import { eventAlertMessage, mediaLinks } from './clip-entity-states.js';
import type { EntityStatePublisher } from './entity-state-publisher.js';
import { cameraTopics, zoneTopics } from './ha-topics.js';
import { occupancyOf, type Zone } from '../core/zone.js';
import { loadSnapshot } from './snapshot-image.js';

export interface LiveEntityStatesOptions {
  readonly bus: SignalBus;
  readonly publisher: EntityStatePublisher;
  readonly log: Logger;
  readonly cameras: readonly string[];
  /** Cameras with live motion (RTSP): their motion and person sensors follow the live state. */
  readonly liveCameras: readonly string[];
  readonly triggerLabels: readonly string[];
  readonly topicPrefix: string;
  readonly media: MediaFolder;
  /** The copy browsers play of a clip whose codec they do not (its path is what the `end` message links). */
  readonly renditions?: Pick<ClipRenditions, 'playablePath'>;
  readonly ffmpeg: string;
  /** Each live camera's zones: their occupancy sensors follow the live detector's frames. */
  readonly zones?: ReadonlyMap<string, readonly Zone[]>;
}

/** The `end` message waits this long at most for a playable copy; then it links the original. */
const PLAYABLE_WAIT_MS = 30_000;

const REMEMBERED = 500;

/**
 * The entities that follow events as they happen: motion (live cameras: ON at the first moving frame,
 * OFF after the off delay), person and objects in view (the live detector's frames), the event's
 * snapshot as it improves, and the alert event entity, fired once per message (`new`, `update`, `end`)
 * with the event id and phase, so an automation can replace one phone notification in place.
 */
export class LiveEntityStates {
  private readonly fired = new Set<string>();
  private readonly snapshots = new Map<string, string>();
  /** Where each recent clip's files are (the alert's media links point at the event's clip). */
  private readonly clips = new Map<string, Pick<Clip, 'mediaPath' | 'snapshotPath'>>();
  private signal: AbortSignal | undefined;

  constructor(private readonly options: LiveEntityStatesOptions) {}

  start(signal: AbortSignal): void {
    this.signal = signal;
    const { bus, log } = this.options;
    bus.on(this, 'camera.motion', (camera, active) => this.onMotion(camera, active));
    bus.on(this, 'camera.objects', (camera, moment, inView) => this.onObjects(camera, moment, inView));
    bus.on(this, 'clip.recorded', (clip) => void this.remember(this.clips, clip.id, clip));
    bus.on(this, 'event.updated', (event) => inBackground(this.onEventUpdated(event), log, 'event entities'));
    for (const camera of this.options.liveCameras) inBackground(this.publishZonesEmpty(camera), log, 'zone sensors');
  }

  stop(): void {
    this.options.bus.off(this);
  }

  private onMotion(camera: string, active: boolean): Promise<void> | undefined {
    if (!this.options.liveCameras.includes(camera)) return undefined;
    const topics = cameraTopics(this.options.topicPrefix, camera);
    if (active) return this.options.publisher.state(topics.motion, 'ON');
    return Promise.all([
      this.options.publisher.state(topics.motion, 'OFF'),
      this.options.publisher.state(topics.person, 'OFF'),
      this.options.publisher.state(topics.objects, '0'),
      this.options.publisher.state(topics.stationaryObjects, '0'),
      this.publishZonesEmpty(camera),
    ]).then(() => undefined);
  }

  private zonesOf(camera: string): readonly Zone[] {
    return this.options.zones?.get(camera) ?? [];
  }

  private async publishZonesEmpty(camera: string): Promise<void> {
    for (const zone of this.zonesOf(camera)) await this.publishZone(camera, { zone: zone.name, count: 0, labels: [] });
  }

  private async publishZone(camera: string, occupancy: { zone: string; count: number; labels: readonly string[] }): Promise<void> {
    const topics = zoneTopics(this.options.topicPrefix, camera, occupancy.zone);
    await this.options.publisher.json(topics.attributes, { count: occupancy.count, labels: occupancy.labels });
    await this.options.publisher.state(topics.occupied, occupancy.count > 0 ? 'ON' : 'OFF');
  }

  private async onObjects(camera: string, moment: DetectionMoment, inView: readonly ObjectCount[]): Promise<void> {
    if (!this.options.liveCameras.includes(camera)) return;
    const topics = cameraTopics(this.options.topicPrefix, camera);
    const triggers = inView.filter((c) => this.options.triggerLabels.includes(c.label));
    const moving = triggers.reduce((sum, c) => sum + c.moving, 0);
    const stationary = triggers.reduce((sum, c) => sum + c.stationary, 0);
    const best = [...moment.detections].sort((a, b) => b.score - a.score)[0];
    if (best) {
      await this.options.publisher.json(topics.personAttributes, {
        label: best.label,
        confidence: Math.round(best.score * 1000) / 1000,
        labels: [...new Set(moment.detections.map((d) => d.label))],
        detected_at: moment.at,
      });
    }
    await this.options.publisher.state(topics.person, moving + stationary > 0 ? 'ON' : 'OFF');
    await this.options.publisher.state(topics.objects, String(moving));
    await this.options.publisher.state(topics.stationaryObjects, String(stationary));
    for (const occupancy of occupancyOf(moment, this.zonesOf(camera), this.options.triggerLabels))
      await this.publishZone(camera, occupancy);
  }

  private async onEventUpdated(event: CameraEvent): Promise<void> {
    if (!this.options.cameras.includes(event.camera)) return;
    if (event.snapshotPath) await this.publishSnapshotIfNew(event.id, event.camera, event.snapshotPath);
    for (const sent of event.alerts) await this.fire(event, sent);
  }

  private async fire(event: CameraEvent, sent: SentAlert): Promise<void> {
    const key = `${event.id}/${sent.key}`;
    if (this.fired.has(key)) return;
    this.fired.add(key);
    if (this.fired.size > REMEMBERED * 3) this.fired.delete(this.fired.values().next().value ?? '');
    const clipId = event.clipIds[event.clipIds.length - 1] ?? null;
    const clip = clipId ? (this.clips.get(clipId) ?? null) : null;
    const clipPath = clip && clipId ? await this.playablePath(clipId, clip.mediaPath) : null;
    const links = mediaLinks(clipPath, event.snapshotPath, this.options.media.root);
    const sequence = event.alerts.indexOf(sent) + 1;
    await this.options.publisher.event(
      cameraTopics(this.options.topicPrefix, event.camera).alert,
      eventAlertMessage(event, sent, sequence, clipId, links),
    );
  }

  private async playablePath(clipId: string, mediaPath: string): Promise<string> {
    const renditions = this.options.renditions;
    if (!renditions) return mediaPath;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), PLAYABLE_WAIT_MS);
      timer.unref();
    });
    const playable = renditions.playablePath({ id: clipId, mediaPath }, 'later').catch(() => null);
    const found = await Promise.race([playable, late]);
    clearTimeout(timer);
    return found ?? mediaPath;
  }

  /** A live snapshot is rewritten in place as better frames come: each version (by modification time) is published once. */
  private async publishSnapshotIfNew(eventId: string, camera: string, snapshotPath: string): Promise<void> {
    const file = this.options.media.resolve(snapshotPath);
    const version = `${snapshotPath}@${(await stat(file).catch(() => null))?.mtimeMs ?? 0}`;
    if (this.snapshots.get(eventId) === version) return;
    this.remember(this.snapshots, eventId, version);
    const image = await loadSnapshot(file, this.options.ffmpeg, this.signal);
    if (!image.ok) {
      this.options.log.warn({ event_type: 'ha.snapshot_failed', camera, err: image.error }, 'snapshot not published');
      return;
    }
    await this.options.publisher.bytes(cameraTopics(this.options.topicPrefix, camera).snapshot, image.value);
  }

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    if (map.size > REMEMBERED) map.delete(map.keys().next().value ?? '');
  }
}
