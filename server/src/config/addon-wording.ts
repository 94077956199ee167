/**
 * What the add-on says differently from the zod config, and what it does not offer. Everything else in
 * the Configuration tab (types, defaults, help texts) comes from the zod schema's `.describe()`.
 */

/** Set by the add-on itself (ADDON_DEFAULTS, the image and `ports:` in config.yaml), not by the user. */
export const ADDON_FIXED_PATHS: readonly string[] = [
  'data_dir',
  'media_dir',
  'http',
  // The add-on reaches Home Assistant through the Supervisor's Core proxy with its own token.
  'home_assistant',
  // The FTP ports are the container's; the Supervisor maps them (config.yaml `ports:`), and a
  // passive port must keep its number on the host, so the ports are not options.
  'ftp.host',
  'ftp.port',
  'ftp.passive_port_min',
  'ftp.passive_port_max',
];

/** Help texts that read differently inside Home Assistant, and those of sections zod does not describe. */
export const ADDON_DESCRIPTIONS: Readonly<Record<string, string>> = {
  logs: 'Log records kept in the database for the dashboard (System page), beside the add-on log',
  detector: 'Object detection (ONNX) on every clip: finds people, cars and animals; the shipped model works offline',
  analyzer:
    "A vision-language model that says what happened in a clip and how risky it is: any OpenAI-compatible API, or Home Assistant's own AI Task",
  alerts: 'When a clip alerts: risk level, activity types, cooldown, quiet hours and per-camera overrides',
  mqtt: 'The MQTT broker for Home Assistant entities and alerts; empty uses the Mosquitto add-on',
  notify: 'Where alerts go: MQTT, the homesec_alert event, email',
  'notify.email': 'One email per alert, over SMTP or the SendGrid API',
  'notify.email.smtp': 'SMTP server (transport smtp)',
  'notify.email.sendgrid': 'SendGrid API (transport sendgrid)',
  retention: 'How long clips are kept in /media/homesec',
  ftp: 'The FTP server FTP cameras upload clips to (port 2121, passive ports 30000-30009)',
  offsite: 'An off-site copy of every clip (Dropbox)',
  pipeline: 'How many clips are worked on at once, and retries',
  'cameras[].path':
    'Folder watched for new clips; default /share/homesec/<name> (the "share" folder over Samba or SSH), so a camera or a script outside the add-on can write to it',
  'ftp.passive_url':
    "The address announced to cameras for passive transfers. Empty: the Home Assistant host's LAN IPv4 address, asked from the Supervisor (Settings > System > Network shows it); set it when cameras reach the host by another address",
  'notify.ha_events': 'Fire the homesec_alert event in Home Assistant for each alert',
  database_url:
    'Leave empty to keep clip state in SQLite under /data (the default); a postgres://user:password@host:5432/db URL uses Postgres',
};

/** Names where the key's words are not enough. */
export const ADDON_NAMES: Readonly<Record<string, string>> = {
  database_url: 'Postgres URL',
  detector: 'Object detection',
  analyzer: 'Vision model (VLM)',
  alerts: 'Alert policy',
  notify: 'Notifications',
  mqtt: 'MQTT broker',
  ftp: 'FTP server',
  offsite: 'Off-site copy',
  logs: 'Log records',
  'cameras[].context': 'Scene context',
  'cameras[].url': 'Stream URL',
  'cameras[].detect_url': 'Detect stream URL',
  'cameras[].username': 'FTP user',
  'cameras[].password': 'FTP password',
  'cameras[].path': 'Folder',
  'alerts.overrides': 'Per-camera overrides',
  'notify.email.to': 'Recipients',
  'notify.email.from': 'Sender',
};

/** Words shown in capitals or another spelling when a name is made from a key. */
const WORDS: Readonly<Record<string, string>> = {
  api: 'API',
  db: 'database',
  dropbox: 'Dropbox',
  fps: 'FPS',
  ftp: 'FTP',
  gb: 'GB',
  ha: 'HA',
  id: 'ID',
  iou: 'IoU',
  jpeg: 'JPEG',
  mb: 'MB',
  mqtt: 'MQTT',
  mtok: 'million tokens',
  nms: 'NMS',
  pct: '%',
  px: 'pixels',
  rtsp: 'RTSP',
  s: 'seconds',
  sendgrid: 'SendGrid',
  smtp: 'SMTP',
  url: 'URL',
  usd: 'USD',
  vlm: 'VLM',
};

/** Unit suffixes read as "(unit)": `cooldown_s` -> "Cooldown (seconds)". */
const UNITS = new Set(['s', 'mb', 'gb', 'pct', 'px', 'usd']);

/** `pre_roll_s` -> "Pre roll (seconds)", `base_url` -> "Base URL", unless ADDON_NAMES has a name. */
export function addonName(path: string, key: string): string {
  const named = ADDON_NAMES[path];
  if (named) return named;
  const words = key.split('_').filter(Boolean);
  const last = words.at(-1);
  const unit = words.length > 1 && last !== undefined && UNITS.has(last) ? words.pop() : undefined;
  const text = words.map((w, i) => WORDS[w] ?? (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w)).join(' ');
  return unit ? `${text} (${WORDS[unit] ?? unit})` : text;
}
