import { z } from 'zod';
import { falseAlarmRule } from '../alert/rule-from-event.js';
import type { FeedbackRules } from '../alert/feedback-rules.js';
import type { Logger } from '../core/logger.js';
import type { MqttLink } from '../core/mqtt-link.js';
import { inBackground } from '../runtime/background.js';
import type { CameraEventRepository } from '../store/camera-event-repository.js';
import { hubTopics } from './ha-topics.js';
import type { SnoozeSelects } from './snooze-selects.js';

/** What the blueprint relays from a notification's button (mobile_app_notification_action) to `<prefix>/command`. */
export const PhoneCommandSchema = z.strictObject({
  command: z.enum(['false_alarm', 'reviewed', 'snooze']),
  event_id: z.string().min(1).max(200),
  camera: z.string().min(1).max(200),
  /** Snooze length; the blueprint's button says 1 h. */
  minutes: z.number().int().min(1).max(1440).default(60),
});
export type PhoneCommand = z.infer<typeof PhoneCommandSchema>;

export interface PhoneCommandsOptions {
  readonly link: MqttLink;
  readonly events: Pick<CameraEventRepository, 'get' | 'change'>;
  readonly rules: Pick<FeedbackRules, 'add'>;
  readonly snooze: Pick<SnoozeSelects, 'snoozeFor'>;
  readonly log: Logger;
  readonly topicPrefix: string;
  readonly cameras: readonly string[];
  readonly now?: () => Date;
}

/**
 * The notification's buttons, done by HomeSec: False alarm (the verdict and the rule the dashboard's
 * False alarm offers first, for this event), Reviewed, and Snooze (this camera, with an expiry).
 */
export class PhoneCommands {
  private running = false;

  constructor(private readonly options: PhoneCommandsOptions) {}

  start(): void {
    this.running = true;
    this.options.link.subscribe(hubTopics(this.options.topicPrefix).command, (_t, payload) => {
      inBackground(this.onMessage(payload), this.options.log, 'phone command');
    });
  }

  stop(): void {
    this.running = false;
  }

  private async onMessage(payload: Buffer): Promise<void> {
    if (!this.running) return;
    const { log } = this.options;
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      json = null;
    }
    const parsed = PhoneCommandSchema.safeParse(json);
    if (!parsed.success) {
      log.warn({ event_type: 'ha.command_invalid', issues: parsed.error.issues.map((i) => i.message) }, 'phone command ignored');
      return;
    }
    await this.run(parsed.data);
  }

  async run(command: PhoneCommand): Promise<void> {
    const { log, events, rules, snooze, cameras } = this.options;
    const now = this.options.now?.() ?? new Date();
    const at = now.toISOString();
    const context = { event_type: 'ha.command', command: command.command, event_id: command.event_id, camera: command.camera };
    if (command.command === 'snooze') {
      if (!cameras.includes(command.camera)) return log.warn(context, 'snooze for an unknown camera ignored');
      snooze.snoozeFor(command.camera, command.minutes);
      return;
    }
    const event = await events.get(command.event_id);
    if (!event) return log.warn(context, 'phone command for an unknown event ignored');
    if (command.command === 'reviewed') {
      await events.change(event.id, (e) => ({ ...e, reviewedAt: e.reviewedAt ?? at }));
      log.info(context, `event ${event.id} marked reviewed from the phone`);
      return;
    }
    // False alarm: the verdict (which reviews it too), then the rule, as on the dashboard.
    const judged = await events.change(event.id, (e) => ({
      ...e,
      feedback: { verdict: 'false_alarm', at },
      reviewedAt: e.reviewedAt ?? at,
    }));
    const rule = falseAlarmRule(judged ?? event, now);
    if (rule) rules.add(rule, now);
    log.info(
      { ...context, rule: rule ? `${rule.label} ${rule.area ? 'in area' : 'on camera'}` : null },
      `false alarm from the phone for ${event.id}`,
    );
  }
}
