const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' });

/** "14:03:12" today, "Sat 21 Nov 14:03:12" otherwise. */
export function formatClipTime(iso: string): string {
  const date = new Date(iso);
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay ? timeFormat.format(date) : `${dayFormat.format(date)} ${timeFormat.format(date)}`;
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString();
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatSeconds(s: number | null): string {
  return s === null ? '' : s < 60 ? `${Math.round(s)} s` : `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')} min`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 || value >= 100 ? 0 : 1)} ${units[unit]}`;
}

export function formatUsd(usd: number): string {
  return `$${usd < 1 ? usd.toFixed(4) : usd.toFixed(2)}`;
}

/** Words for the health checks the server reports (their names are open-ended: unknown ones are spelled out). */
const CHECK_WORDS: Readonly<Record<string, string>> = {
  store: 'Clip database',
  media: 'Media folder',
  mqtt: 'MQTT broker',
  analyzer: 'Vision-language model',
  detector: 'Object detector',
  pipeline: 'Clip pipeline',
};

export function checkInWords(name: string): string {
  return CHECK_WORDS[name] ?? inWords(name);
}

/** A machine word (`trigger_not_met`, `stage.failed`) as a sentence start ("Trigger not met"). */
export function inWords(key: string): string {
  return key.replace(/[_.]/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
