/**
 * Identity of HomeSec's devices and entities in Home Assistant.
 *
 * `homesec_<instance>_<camera>_<entity>`; the instance part comes from mqtt.topic_prefix and is left
 * out for the default prefix `homesec`, so a single install gets the short ids from the docs
 * (`homesec_front_door_motion`) while a second install on the same broker (another topic_prefix)
 * can never collide with it. Everything is lowercase [a-z0-9_]: valid in topics and entity ids.
 */
const DEFAULT_TOPIC_PREFIX = 'homesec';

export function hubDeviceId(topicPrefix: string): string {
  const instance = topicPrefix === DEFAULT_TOPIC_PREFIX ? '' : slug(topicPrefix);
  return instance ? `homesec_${instance}` : 'homesec';
}

/** Always longer than the hub id, so no camera name can take the hub's identity. */
export function cameraDeviceId(topicPrefix: string, camera: string): string {
  return `${hubDeviceId(topicPrefix)}_${slug(camera)}`;
}

export function cameraEntityId(topicPrefix: string, camera: string, entity: string): string {
  return `${cameraDeviceId(topicPrefix, camera)}_${entity}`;
}

export function hubEntityId(topicPrefix: string, entity: string): string {
  return `${hubDeviceId(topicPrefix)}_${entity}`;
}

/** "front_door" -> "Front door": the device name HA shows until the user renames it. */
export function cameraDisplayName(camera: string): string {
  const words = camera.replace(/_+/g, ' ').trim();
  return words.length === 0 ? camera : words.charAt(0).toUpperCase() + words.slice(1);
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
}
