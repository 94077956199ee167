/**
 * Every MQTT topic HomeSec's Home Assistant entities use, in one place so discovery payloads and
 * state publishing can never disagree.
 */
export interface CameraTopics {
  readonly motion: string;
  readonly person: string;
  readonly personAttributes: string;
  readonly online: string;
  readonly alert: string;
  readonly summary: string;
  readonly summaryAttributes: string;
  readonly risk: string;
  readonly snapshot: string;
  readonly armed: string;
  /** JSON attributes of the Alerts armed switch ({armed_reason}). */
  readonly armedAttributes: string;
  readonly armedSet: string;
  readonly clipsToday: string;
  /** The Snooze select: state (an option), JSON attributes ({until}), and its command topic. */
  readonly snooze: string;
  readonly snoozeAttributes: string;
  readonly snoozeSet: string;
  /** How many moving trigger-label objects the live detector sees right now. */
  readonly objects: string;
  /** How many of them stand still (detector.stationary_after_s). */
  readonly stationaryObjects: string;
}

export interface HubTopics {
  /** Availability: retained `online` after connect, `offline` as the last will. */
  readonly status: string;
  readonly vlmSpend: string;
  readonly problem: string;
  readonly problemAttributes: string;
  /** JSON: p50_s, p95_s, alerts, clips, window (state through value_template, the rest as attributes). */
  readonly alertLatency: string;
  /** How many alerted events are not reviewed yet (a number). */
  readonly unreviewedAlerts: string;
  /** The all-cameras Snooze select, as the camera's. */
  readonly snooze: string;
  readonly snoozeAttributes: string;
  readonly snoozeSet: string;
  /** Commands from phone notifications (the blueprint relays them): JSON {command, event_id, camera, minutes}. */
  readonly command: string;
}

export function hubTopics(topicPrefix: string): HubTopics {
  return {
    status: `${topicPrefix}/status`,
    vlmSpend: `${topicPrefix}/hub/vlm_spend`,
    problem: `${topicPrefix}/hub/problem`,
    problemAttributes: `${topicPrefix}/hub/problem/attributes`,
    alertLatency: `${topicPrefix}/hub/alert_latency`,
    unreviewedAlerts: `${topicPrefix}/hub/unreviewed_alerts`,
    snooze: `${topicPrefix}/hub/snooze`,
    snoozeAttributes: `${topicPrefix}/hub/snooze/attributes`,
    snoozeSet: `${topicPrefix}/hub/snooze/set`,
    command: `${topicPrefix}/command`,
  };
}

export function cameraTopics(topicPrefix: string, camera: string): CameraTopics {
  const base = `${topicPrefix}/camera/${camera}`;
  return {
    motion: `${base}/motion`,
    person: `${base}/person`,
    personAttributes: `${base}/person/attributes`,
    online: `${base}/online`,
    alert: `${base}/alert`,
    summary: `${base}/summary`,
    summaryAttributes: `${base}/summary/attributes`,
    risk: `${base}/risk`,
    snapshot: `${base}/snapshot`,
    armed: `${base}/armed`,
    armedAttributes: `${base}/armed/attributes`,
    armedSet: `${base}/armed/set`,
    clipsToday: `${base}/clips_today`,
    snooze: `${base}/snooze`,
    snoozeAttributes: `${base}/snooze/attributes`,
    snoozeSet: `${base}/snooze/set`,
    objects: `${base}/objects`,
    stationaryObjects: `${base}/stationary_objects`,
  };
}

/** A zone's occupancy sensor: state ON/OFF and JSON attributes ({count, labels}). */
export interface ZoneTopics {
  readonly occupied: string;
  readonly attributes: string;
}

export function zoneTopics(topicPrefix: string, camera: string, zone: string): ZoneTopics {
  const occupied = `${topicPrefix}/camera/${camera}/zone/${zone}`;
  return { occupied, attributes: `${occupied}/attributes` };
}

/** Subscription for every camera's armed switch commands. */
export function armedSetFilter(topicPrefix: string): string {
  return `${topicPrefix}/camera/+/armed/set`;
}

/** The camera a `<prefix>/camera/<camera>/armed/set` topic is for, or null for any other topic. */
export function cameraOfArmedSet(topicPrefix: string, topic: string): string | null {
  const head = `${topicPrefix}/camera/`;
  const tail = '/armed/set';
  if (!topic.startsWith(head) || !topic.endsWith(tail)) return null;
  const camera = topic.slice(head.length, topic.length - tail.length);
  return camera.length > 0 && !camera.includes('/') ? camera : null;
}

/** Home Assistant's birth/last-will topic. */
export function haStatusTopic(discoveryPrefix: string): string {
  return `${discoveryPrefix}/status`;
}

/** Device-based discovery: one retained config per device. */
export function deviceConfigTopic(discoveryPrefix: string, deviceId: string): string {
  return `${discoveryPrefix}/device/${deviceId}/config`;
}

export function deviceConfigFilter(discoveryPrefix: string): string {
  return `${discoveryPrefix}/device/+/config`;
}
