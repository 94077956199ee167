import type { QuietHoursConfig } from '../config/sections/alerts-config.js';

function minutesOf(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * Whether `now` (local time of the HomeSec process; the add-on gets HA's time zone through TZ) falls in
 * the daily window [start, end). A window whose end is before its start runs over midnight.
 */
export function inQuietHours(window: QuietHoursConfig, now: Date): boolean {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  const minute = now.getHours() * 60 + now.getMinutes();
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}
