import type { RetentionConfig } from '../config/sections/retention-config.js';
import type { Clip } from '../core/clip.js';
import type { SignalBus } from '../core/signal-bus.js';
import type { HealthCheck } from '../core/bus-signals.js';
import type { Part } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import type { StoredClipFiles } from '../media/media-inventory.js';
import type { MediaStore } from '../media/media-store.js';
import type { ClipRepository } from '../store/clip-repository.js';
import type { LocalDb } from '../store/local-db.js';
import { inBackground } from '../runtime/background.js';
import { diskSpace, freePercent, megabytes, type DiskSpace } from './disk-space.js';
import { PendingOffsiteDeletions } from './pending-offsite-deletions.js';
import { RetentionDeleter, type OffsiteOutcome } from './retention-deleter.js';

export type RetentionReason = 'max_days' | 'max_gb' | 'min_free';

export interface RetentionOptions {
  readonly config: RetentionConfig;
  readonly media: MediaStore;
  /** True for clips still in the pipeline: never deleted. */
  readonly isInFlight: (clipId: string) => boolean;
  readonly onDeleted: (clip: StoredClipFiles, reason: RetentionReason) => void;
  /** Clip records (off-site path, alerted flag); without them retention works from the folder alone. */
  readonly clips?: Pick<ClipRepository, 'getClip'>;
  /** Where camera events leave the store with their footage; without it events are kept. */
  readonly events?: Pick<ClipRepository, 'pruneEventsBefore'>;
  /** Stored clips wake the disk-space check; without a bus only the timers do. */
  readonly bus?: SignalBus;
  /** Remembers off-site removals that failed, for the next pass. */
  readonly localDb?: LocalDb;
  readonly log: Logger;
  readonly intervalMs?: number;
  /** How often the free space is looked at between stored clips (default 30 s). */
  readonly spaceCheckMs?: number;
}

export interface RetentionPass {
  readonly deleted: number;
  readonly freedBytes: number;
  readonly remainingBytes: number;
}

const GB = 1_000_000_000;
/** After an emergency deletion, health stays degraded this long: the disk is smaller than the settings assume. */
const EMERGENCY_NOTICE_MS = 60 * 60_000;

/**
 * Owns every copy of a clip once it is old: deletes the oldest clips past `max_days` or past `max_gb`,
 * from the media folder itself (so it keeps working while the database is down), with their off-site
 * copy (`delete_offsite`). When the media disk runs low on free space (`min_free_percent`) it deletes
 * at once, oldest clips that did not alert first, then those it cannot tell, then alerted ones, until
 * the disk is back above the mark: recording goes on and health says why clips went.
 */
export class Retention implements Part {
  readonly name = 'retention';
  private readonly deleter: RetentionDeleter;
  private timer: NodeJS.Timeout | null = null;
  private spaceTimer: NodeJS.Timeout | null = null;
  private running: Promise<RetentionPass> | null = null;
  /** One deletion at a time: the regular pass and the emergency never race for the same clip. */
  private exclusive: Promise<unknown> = Promise.resolve();
  private emergency: Promise<void> | null = null;
  private emergencyAgain = false;
  private space: DiskSpace | null = null;
  private lastEmergency: { at: number; deleted: number; stillLow: boolean } | null = null;
  /** The newest clip file deleted so far (ms): events that started before it and kept no clip go too. */
  private newestDeletedMs: number | null = null;
  private stopped = true;

  constructor(private readonly options: RetentionOptions) {
    this.deleter = new RetentionDeleter({
      media: options.media,
      clips: options.clips ?? null,
      deleteOffsite: options.config.deleteOffsite,
      pending: options.localDb ? new PendingOffsiteDeletions(options.localDb) : null,
      log: options.log,
    });
  }

  start(): void {
    this.stopped = false;
    const { log, bus } = this.options;
    inBackground(this.run(), log, 'retention pass');
    this.timer ??= setInterval(() => inBackground(this.run(), log, 'retention pass'), this.options.intervalMs ?? 10 * 60_000);
    this.timer.unref();
    if (this.options.config.minFreePercent <= 0) return;
    this.spaceTimer ??= setInterval(() => inBackground(this.checkSpace(), log, 'emergency retention'), this.options.spaceCheckMs ?? 30_000);
    this.spaceTimer.unref();
    bus?.on(this, 'clip.recorded', (_clip, event) => {
      if (event.type === 'clip_stored') inBackground(this.checkSpace(), log, 'emergency retention');
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.options.bus?.off(this);
    if (this.timer) clearInterval(this.timer);
    if (this.spaceTimer) clearInterval(this.spaceTimer);
    this.timer = null;
    this.spaceTimer = null;
    await Promise.allSettled([this.running, this.emergency, this.exclusive]);
  }

  health(): HealthCheck {
    const { minFreePercent } = this.options.config;
    const space = this.space;
    const emergency = this.lastEmergency;
    if (space && minFreePercent > 0 && freePercent(space) < minFreePercent) {
      const where = `${megabytes(space.freeBytes)} free of ${megabytes(space.totalBytes)}, under min_free_percent ${minFreePercent}%`;
      if (emergency?.stillLow)
        return { status: 'unhealthy', message: `media disk full (${where}) and no clip left to delete: new clips may fail to be stored` };
      return {
        status: 'degraded',
        message: `media disk nearly full (${where}): emergency retention is deleting the oldest clips that did not alert`,
      };
    }
    if (emergency && Date.now() - emergency.at < EMERGENCY_NOTICE_MS)
      return {
        status: 'degraded',
        message:
          `media disk ran low: emergency retention deleted ${emergency.deleted} clip(s) (oldest that did not alert first) at ` +
          `${new Date(emergency.at).toISOString()}; the disk holds less than max_gb allows, lower retention.max_gb`,
      };
    return { status: 'healthy', message: space ? `${megabytes(space.freeBytes)} free on the media disk` : 'no pass yet' };
  }

  /** One regular pass (age and size); concurrent callers share it. */
  run(now = Date.now()): Promise<RetentionPass> {
    this.running ??= this.serially(() => this.pass(now))
      .catch((e: unknown) => {
        this.options.log.error({ event_type: 'retention.failed', err: e }, 'retention pass failed');
        return { deleted: 0, freedBytes: 0, remainingBytes: 0 };
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Looks at the free space now and frees some when it is under the mark; a call during a check makes it look again after. */
  checkSpace(): Promise<void> {
    if (this.emergency) {
      this.emergencyAgain = true;
      return this.emergency;
    }
    this.emergency = this.serially(() => this.freeSpace())
      .catch((e: unknown) => this.options.log.error({ event_type: 'retention.emergency_failed', err: e }, 'emergency retention failed'))
      .finally(() => {
        this.emergency = null;
        if (this.emergencyAgain && !this.stopped) {
          this.emergencyAgain = false;
          inBackground(this.checkSpace(), this.options.log, 'emergency retention');
        }
      });
    return this.emergency;
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.exclusive.then(work, work);
    this.exclusive = next.catch(() => undefined);
    return next;
  }

  private async pass(now: number): Promise<RetentionPass> {
    const { config, isInFlight, media } = this.options;
    await this.deleter.retryPending();
    const clips = (await media.inventory()).sort((a, b) => a.mtimeMs - b.mtimeMs);
    media.usage.replace(clips);
    let total = clips.reduce((sum, c) => sum + c.bytes, 0);
    let deleted = 0;
    let freed = 0;
    const cutoff = now - config.maxDays * 86_400_000;
    const cap = config.maxGb * GB;
    for (const clip of clips) {
      if (isInFlight(clip.clipId)) continue;
      const reason = config.maxDays > 0 && clip.mtimeMs < cutoff ? 'max_days' : config.maxGb > 0 && total > cap ? 'max_gb' : null;
      if (!reason) continue;
      await this.deleteOne(clip, await this.deleter.record(clip.clipId), reason);
      total -= clip.bytes;
      freed += clip.bytes;
      deleted++;
    }
    if (deleted)
      this.options.log.info(
        { event_type: 'retention.pass', deleted, freed_bytes: freed, remaining_bytes: total },
        `retention deleted ${deleted} clip(s)`,
      );
    this.releaseEvents(config.maxDays > 0 ? cutoff : null);
    return { deleted, freedBytes: freed, remainingBytes: total };
  }

  /**
   * Emergency: deletes oldest first among clips that did not alert, then among those whose record cannot
   * be read, then among alerted ones, until the free space is back above the mark.
   */
  private async freeSpace(): Promise<void> {
    const { config, media, isInFlight, log } = this.options;
    if (config.minFreePercent <= 0 || this.stopped) return;
    this.space = await diskSpace(media.root);
    if (freePercent(this.space) >= config.minFreePercent) return;
    const clips = (await media.inventory()).filter((c) => !isInFlight(c.clipId)).sort((a, b) => a.mtimeMs - b.mtimeMs);
    const unknown: StoredClipFiles[] = [];
    const alerted: { clip: StoredClipFiles; record: Clip }[] = [];
    let deleted = 0;
    const low = () => this.space !== null && freePercent(this.space) < config.minFreePercent;
    const drop = async (clip: StoredClipFiles, record: Clip | null) => {
      await this.deleteOne(clip, record, 'min_free');
      deleted++;
      this.space = await diskSpace(media.root);
    };
    for (const clip of clips) {
      if (!low()) break;
      const record = await this.deleter.record(clip.clipId);
      if (record === null) unknown.push(clip);
      else if (record.alerted) alerted.push({ clip, record });
      else await drop(clip, record);
    }
    for (const clip of unknown) if (low()) await drop(clip, null);
    for (const { clip, record } of alerted) if (low()) await drop(clip, record);
    this.lastEmergency = { at: Date.now(), deleted, stillLow: low() };
    this.releaseEvents(null);
    const space = this.space;
    log.warn(
      { event_type: 'retention.emergency', deleted, free_bytes: space.freeBytes, total_bytes: space.totalBytes, still_low: low() },
      `media disk nearly full: emergency retention deleted ${deleted} clip(s), ${megabytes(space.freeBytes)} free now`,
    );
    if (low()) log.error({ event_type: 'retention.disk_full' }, this.health().message);
  }

  /**
   * Events are bounded like the clips they belong to: closed events that started before the newest clip
   * deleted (or before `cutoffMs`, the max_days line) and kept no clip with its files leave the store.
   */
  private releaseEvents(cutoffMs: number | null): void {
    const events = this.options.events;
    const before = Math.max(this.newestDeletedMs ?? -Infinity, cutoffMs ?? -Infinity);
    if (!events || !Number.isFinite(before)) return;
    try {
      events.pruneEventsBefore(new Date(before));
    } catch (e) {
      this.options.log.error(
        { event_type: 'retention.events_not_pruned', before: new Date(before).toISOString(), err: e },
        'could not queue the pruning of old events; the next pass tries again',
      );
    }
  }

  private async deleteOne(clip: StoredClipFiles, record: Clip | null, reason: RetentionReason): Promise<OffsiteOutcome> {
    const offsite = await this.deleter.delete(clip, record);
    this.newestDeletedMs = Math.max(this.newestDeletedMs ?? -Infinity, clip.mtimeMs);
    this.options.onDeleted(clip, reason);
    // Regular passes are summarised in one line; an emergency names every clip it took.
    this.options.log[reason === 'min_free' ? 'info' : 'debug'](
      { event_type: 'retention.deleted', clip_id: clip.clipId, camera: clip.camera, reason, bytes: clip.bytes, offsite },
      `retention deleted clip ${clip.clipId} (${reason})`,
    );
    return offsite;
  }
}
