import { isLiveCamera } from '../config/sections/camera-config.js';
import type { Part } from '../core/lifecycle.js';
import type { Services } from '../runtime/services.js';
import type { ClipRepository } from '../store/clip-repository.js';
import { LocalSettings } from '../store/local-settings.js';
import { buildArming } from './build-arming.js';
import { CameraArmingStore } from './camera-arming-store.js';
import { CameraDirectory } from './camera-directory.js';
import { rtspPicturePath } from '../sources/rtsp/rtsp-settings.js';

export interface CamerasParts {
  readonly directory: CameraDirectory;
  /** What decides arming by mode (the presence follower, the schedule clock); none in mode manual. */
  readonly arming: readonly Part[];
}

/** Every configured camera with its armed state (kept locally, decided by the arming mode) and live status. */
export function buildCameras(services: Services, clips: Pick<ClipRepository, 'listClips'>): CamerasParts {
  const { config, bus, localDb, log } = services;
  const store = new CameraArmingStore(new LocalSettings(localDb), bus, {
    cameras: config.cameras.map((c) => c.name),
    mode: config.alerts.arming.mode,
  });
  const directory = new CameraDirectory({
    cameras: config.cameras,
    bus,
    arming: store,
    clips,
    picturePath: (camera) => (isLiveCamera(camera) ? rtspPicturePath(config.dataDir, camera.name) : null),
    log: log.child({ component: 'cameras' }),
  });
  return { directory, arming: buildArming(services, store) };
}
