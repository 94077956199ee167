import type { QuietHoursConfig } from '../config/sections/alerts-config.js';
import type { Part } from '../core/lifecycle.js';
import { scheduleDecision, type ModeDecision } from './arming-mode.js';

export interface ScheduleClockOptions {
  /** alerts.quiet_hours: the window in which cameras are armed. */
  readonly window: QuietHoursConfig | null;
  readonly decide: (decision: ModeDecision) => void;
  readonly now?: () => Date;
}

/**
 * Mode schedule: decides at start and again at every minute's turn (quiet hours are whole minutes, so
 * this is exactly when the window can open or close); the store ignores a decision that did not change.
 */
export class ScheduleClock implements Part {
  readonly name = 'arming schedule';
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => Date;

  constructor(private readonly options: ScheduleClockOptions) {
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    this.tick();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private tick(): void {
    const now = this.now();
    this.options.decide(scheduleDecision(this.options.window, now));
    // A few ms past the minute's turn, so a slightly early timer still lands in the new minute.
    this.timer = setTimeout(() => this.tick(), 60_000 - (now.getTime() % 60_000) + 5);
    this.timer.unref();
  }
}
