import { join } from 'node:path';
import type { HomeAssistantCameraConfig } from '../../config/sections/camera-config.js';
import { RtspSource, type RtspSourceOptions } from '../rtsp/rtsp-source.js';
import type { CoreStreamTarget } from './core-stream-target.js';
import { HaStreamUrl, NO_CORE_MESSAGE } from './ha-stream-url.js';
import { SnapshotFeed } from './snapshot-feed.js';

/**
 * A camera Home Assistant already has: the RTSP source's machinery (one session, motion, pre-roll
 * buffer, live detection) on the HLS stream Core serves for the entity, its URL asked of Core at every
 * (re)connect, or on its polled snapshots when Core has no stream of it. Its events and clips are those
 * of a live camera (source `rtsp` in the store).
 */
export function haCameraSource(
  camera: HomeAssistantCameraConfig,
  target: CoreStreamTarget | null,
  needs: Omit<RtspSourceOptions, 'camera' | 'streamUrl'>,
): RtspSource {
  if (target === null) needs.log.error({ event_type: 'ha_camera.no_core', entity_id: camera.entityId }, NO_CORE_MESSAGE);
  const snapshots =
    target === null
      ? null
      : new SnapshotFeed({
          entityId: camera.entityId,
          target,
          dir: join(needs.workDir, 'snapshots'),
          intervalMs: camera.snapshotIntervalS * 1000,
          tools: needs.tools,
          log: needs.log,
        });
  const streamUrl = new HaStreamUrl({ entityId: camera.entityId, target, snapshots, log: needs.log });
  return new RtspSource({ ...needs, camera, streamUrl });
}
