import { z } from 'zod';
import type { CameraArming } from '../core/camera-arming.js';
import type { SignalBus } from '../core/signal-bus.js';
import type { Logger } from '../core/logger.js';
import type { MqttLink } from '../core/mqtt-link.js';
import { inBackground } from '../runtime/background.js';
import { SNOOZE_OPTIONS } from './discovery-tables.js';
import type { EntityStatePublisher } from './entity-state-publisher.js';
import { cameraTopics, hubTopics } from './ha-topics.js';

export interface SnoozeSelectsOptions {
  readonly link: MqttLink;
  readonly bus: SignalBus;
  readonly arming: CameraArming;
  readonly publisher: Pick<EntityStatePublisher, 'state' | 'json'>;
  readonly log: Logger;
  readonly topicPrefix: string;
  readonly cameras: readonly string[];
  readonly now?: () => Date;
}

const OptionSchema = z
  .string()
  .trim()
  .pipe(z.enum(SNOOZE_OPTIONS.map((o) => o.option) as [string, ...string[]]));

/** The option shown for a snooze: `Off`, else the shortest one that covers the time left. */
export function snoozeOption(until: Date | null, now: Date): string {
  if (until === null) return 'Off';
  const left = (until.getTime() - now.getTime()) / 60_000;
  const covering = SNOOZE_OPTIONS.find((o) => o.minutes > 0 && o.minutes >= left);
  return covering?.option ?? SNOOZE_OPTIONS[SNOOZE_OPTIONS.length - 1]?.option ?? 'Off';
}

/**
 * The "Snooze" selects, one per camera and "Snooze all cameras" on the hub: an option pauses alerts for
 * that long (HomeSec keeps the expiry; the snooze ends by itself), `Off` ends it. Their states follow
 * every change of a camera's armed state ('camera.armedChanged': a snooze's start and end announce it).
 */
export class SnoozeSelects {
  private readonly now: () => Date;

  constructor(private readonly options: SnoozeSelectsOptions) {
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    const { link, bus, topicPrefix, cameras } = this.options;
    for (const camera of cameras) {
      link.subscribe(cameraTopics(topicPrefix, camera).snoozeSet, (_t, payload) => this.command(camera, payload));
    }
    link.subscribe(hubTopics(topicPrefix).snoozeSet, (_t, payload) => this.command(null, payload));
    bus.on(this, 'camera.armedChanged', () => inBackground(this.publishAll(), this.options.log, 'snooze states'));
    inBackground(this.publishAll(), this.options.log, 'snooze states');
  }

  stop(): void {
    this.options.bus.off(this);
  }

  /** Snoozes `camera` (null: every camera) for `minutes` from now; 0 ends the snooze. */
  snoozeFor(camera: string | null, minutes: number): void {
    const until = minutes > 0 ? new Date(this.now().getTime() + minutes * 60_000) : null;
    this.options.arming.snooze(camera, until);
    this.options.log.info(
      { event_type: 'ha.snooze', camera: camera ?? 'all', until: until?.toISOString() ?? null },
      until ? `alerts of ${camera ?? 'every camera'} snoozed until ${until.toISOString()}` : `snooze of ${camera ?? 'every camera'} ended`,
    );
    // The armed-changed announcement publishes the states; an unchanged armed state still changes the option.
    inBackground(this.publishAll(), this.options.log, 'snooze states');
  }

  async publishAll(): Promise<void> {
    const { publisher, topicPrefix, cameras, arming } = this.options;
    const now = this.now();
    for (const camera of cameras) {
      const until = arming.snoozedUntil(camera);
      const topics = cameraTopics(topicPrefix, camera);
      await publisher.state(topics.snooze, snoozeOption(until, now));
      await publisher.json(topics.snoozeAttributes, { until: until?.toISOString() ?? null });
    }
    const all = arming.snoozedAllUntil();
    const hub = hubTopics(topicPrefix);
    await publisher.state(hub.snooze, snoozeOption(all, now));
    await publisher.json(hub.snoozeAttributes, { until: all?.toISOString() ?? null });
  }

  private command(camera: string | null, payload: Buffer): void {
    const option = OptionSchema.safeParse(payload.toString('utf8'));
    if (!option.success) {
      this.options.log.warn(
        { event_type: 'ha.snooze_bad_command', camera: camera ?? 'all' },
        'snooze command is not one of the options; ignored',
      );
      return;
    }
    this.snoozeFor(camera, SNOOZE_OPTIONS.find((o) => o.option === option.data)?.minutes ?? 0);
  }
}
