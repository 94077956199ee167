import type { HomesecConfig } from '../config/schema.js';
import type { Logger } from '../core/logger.js';
import { zonesByCamera } from '../config/sections/zones-config.js';
import type { DiscoverySettings } from './discovery-builder.js';
import type { SupervisorClient } from './supervisor-client.js';

/**
 * Discovery settings from the config and, under the Supervisor, the add-on's slug: device pages then
 * link to the HomeSec panel (homeassistant://hassio/ingress/<slug>). Standalone there is no such link.
 */
export async function discoverySettings(
  config: Pick<HomesecConfig, 'mqtt' | 'detector' | 'zones' | 'cameras'>,
  swVersion: string,
  supervisor: SupervisorClient | null,
  log: Logger,
  signal?: AbortSignal,
): Promise<DiscoverySettings> {
  let configurationUrl: string | null = null;
  if (supervisor) {
    const info = await supervisor.addonInfo(signal);
    if (info.ok) configurationUrl = `homeassistant://hassio/ingress/${info.value.slug}`;
    else log.warn({ event_type: 'ha.addon_info_failed', err: info.error }, 'add-on info not available; devices get no panel link');
  }
  // Zone sensors follow the live detector's frames: clip cameras (folder, FTP) get none (their events still record zones).
  const clipCameras = new Set(config.cameras.filter((c) => c.source === 'folder' || c.source === 'ftp').map((c) => c.name));
  return {
    discoveryPrefix: config.mqtt.discoveryPrefix,
    topicPrefix: config.mqtt.topicPrefix,
    swVersion,
    configurationUrl,
    triggerLabels: config.detector.triggerLabels,
    hubModel: supervisor ? 'Add-on' : 'Service',
    zones: zonesByCamera(config.zones.filter((z) => !clipCameras.has(z.camera))),
  };
}
